/**
 * 用户隐私保护指引: WeChat wants the user's consent synced (a tap on a button with open-type="agreePrivacyAuthorization")
 * before a privacy interface is called, and the school must show what it collects before it collects it. Binding is
 * where a graduate first types personal data, so the bind page asks first; later privacy interfaces (choosing proof
 * images) meet WeChat's own consent popup if the user has not agreed yet, since no onNeedPrivacyAuthorization is
 * registered. The APIs arrived in base library 2.32.3 and are missing in the page simulator: each is called only when
 * present. Without them, the consent the user gave on this phone is remembered in storage.
 */

const AGREED_KEY = 'privacyAgreed';

interface PrivacyApi {
  getPrivacySetting?: (options: { success?: (res: { needAuthorization: boolean; privacyContractName?: string }) => void; fail?: () => void }) => void;
  openPrivacyContract?: (options: { fail?: () => void }) => void;
  makePhoneCall?: (options: { phoneNumber: string; fail?: () => void }) => void;
  getStorageSync?: (key: string) => unknown;
  setStorageSync?: (key: string, value: unknown) => void;
}

const api = (): PrivacyApi => wx as unknown as PrivacyApi;

const rememberedConsent = (): boolean => {
  try {
    return api().getStorageSync?.(AGREED_KEY) === true;
  } catch {
    return false;
  }
};

/** Whether the user still has to agree before binding: WeChat's record where it keeps one, else this phone's. */
export function privacyNeeded(): Promise<boolean> {
  const get = api().getPrivacySetting;
  if (typeof get !== 'function') return Promise.resolve(!rememberedConsent());
  return new Promise((resolve) => {
    get({ success: (res) => resolve(Boolean(res.needAuthorization)), fail: () => resolve(!rememberedConsent()) });
  });
}

/** The user agreed (the agree button's tap or its agreeprivacyauthorization event): remembered on this phone too. */
export function rememberConsent(): void {
  try {
    api().setStorageSync?.(AGREED_KEY, true);
  } catch {
    // storage full or unavailable: WeChat's own record still holds where it keeps one
  }
}

/** WeChat's page for the guide filed in the mini program's admin console, when the base library has it. */
export const canOpenContract = (): boolean => typeof api().openPrivacyContract === 'function';

export function openContract(): void {
  api().openPrivacyContract?.({});
}

/** Dials a number from the help or privacy page: the phone's dialler, where the base library offers it. */
export function callNumber(phoneNumber: string): boolean {
  const dial = api().makePhoneCall;
  if (typeof dial !== 'function' || !phoneNumber) return false;
  dial({ phoneNumber, fail: () => undefined });
  return true;
}

/** Where the school's privacy policy opens: from binding (before a role) and from 个人中心. */
export const PRIVACY_PAGE = '/pkg/privacy/index';
