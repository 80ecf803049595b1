/**
 * Development switch: point the API client at the local runtime (`npm start`) instead of the cloud.
 *
 * Set LOCAL_RUNTIME_URL to e.g. 'http://127.0.0.1:3000' on your machine only; never commit it set (a test fails
 * if you do). Even when set, the client ignores it outside the developer build (envVersion 'develop'), so a trial
 * or released version always talks to the cloud. In DevTools, tick 不校验合法域名 for the local address.
 */
export const LOCAL_RUNTIME_URL: string = '';

/** Who the local runtime takes you for (its X-WX-OPENID header); a demo openid from server/runtime/seed.ts. */
export const DEV_OPENID: string = 'demo-student';
