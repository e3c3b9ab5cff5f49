// Fixture pages for the detection tests, parsed with linkedom (a DOM without a browser).
import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';

export const PAGES_DIR = new URL('../fixtures/pages/', import.meta.url);

export function loadPage(name) {
  const html = readFileSync(new URL(name, PAGES_DIR), 'utf8');
  return parseHTML(html).document;
}

export function fixtureNames() {
  return readdirSync(PAGES_DIR).filter((name) => name.endsWith('.html'));
}
