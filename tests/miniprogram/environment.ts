/**
 * The environment of the page tests: jsdom (simulate renders into a DOM), adjusted so that the real server code runs
 * in-process behind `wx.cloud.callFunction` as it does in the cloud. Test files name it in their docblock:
 * `@jest-environment ./tests/miniprogram/environment.ts` (jest.config.js stays as it is).
 * - Packages resolve with the `node` export condition, not jsdom's `browser`: the functions load the same modules
 *   the cloud runs.
 * - Node's TextEncoder/TextDecoder, which jsdom leaves out (fontkit, under pdfkit, needs them), and Node's own
 *   ArrayBuffer and Uint8Array, as jest's node environment does: pdfkit checks `font instanceof Uint8Array`, and a
 *   Buffer is not an instance of jsdom's.
 * - `document.baseURI` is pdfkit's own file. pdfkit's CommonJS build, when it sees a `document`, takes its location
 *   from `document.baseURI` instead of `__filename`, and loads its standard fonts and ICC profile relative to it.
 *   (Only the document's property: the page keeps its http origin, which localStorage needs.)
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { TextDecoder, TextEncoder } from 'node:util';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import JsdomEnvironment from 'jest-environment-jsdom';

export default class PageEnvironment extends JsdomEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const options = {
      ...config.projectConfig.testEnvironmentOptions,
      customExportConditions: ['node', 'node-addons'],
    };
    super({ ...config, projectConfig: { ...config.projectConfig, testEnvironmentOptions: options } }, context);
    Object.assign(this.global, { TextEncoder, TextDecoder, Buffer, ArrayBuffer, Uint8Array });
    Object.defineProperty(this.global.document, 'baseURI', { value: pathToFileURL(createRequire(__filename).resolve('pdfkit')).href });
  }
}
