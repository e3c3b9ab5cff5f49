import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctTerms } from '../../../extension/popup/render.js';

test('"why" terms already inside a longer shared term are dropped, order kept', () => {
  assert.deepEqual(
    distinctTerms(['summarization', 'long', 'long document', 'document summarization', 'document']),
    ['long document', 'document summarization'],
  );
  assert.deepEqual(distinctTerms(['experts', 'sparse', 'routing']), ['experts', 'sparse', 'routing']);
  assert.deepEqual(distinctTerms(['model', 'model']), ['model', 'model']);
});
