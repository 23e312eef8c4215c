// Types of scripts/browsers.mjs for the TypeScript tests and configs that import it.
export type BrowserName = 'chromium' | 'firefox' | 'webkit';
export interface OpenedBrowser {
  exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  close(): Promise<void>;
}
export const CHROMIUM_ARGS: readonly string[];
export const BROWSERS: Record<BrowserName, { label: string; packages: string[]; paths(): Record<string, string | undefined> }>;
export function missing(name: string): string | undefined;
export function browserVersion(name: string): string;
export function openBrowser(name: BrowserName, url: string): Promise<OpenedBrowser>;
