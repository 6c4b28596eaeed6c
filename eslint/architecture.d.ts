import type { ESLint } from 'eslint';

export const LAYERS: Record<string, string[]>;
export const KNOWN_EXCEPTIONS: string[];
export function folderOf(path: string): string | null;
export function cyclesOf(graph: Record<string, string[]>): string[][];
export function allowed(from: string, to: string): boolean;
export const architecturePlugin: ESLint.Plugin;
export function importGraph(srcDir: string): Record<string, Record<string, number>>;
