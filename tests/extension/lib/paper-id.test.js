import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDoi, findAllDois, paperFromUserInput, paperKey, parseArxivId } from '../../../extension/lib/paper-id.js';

test('arXiv ids: new and old style, with and without version', () => {
  assert.deepEqual(parseArxivId('arXiv:2401.01234v2'), { id: '2401.01234', version: 2 });
  assert.deepEqual(parseArxivId('/abs/0704.0001'), { id: '0704.0001', version: null });
  assert.deepEqual(parseArxivId('hep-th/9901001v3'), { id: 'hep-th/9901001', version: 3 });
  assert.deepEqual(parseArxivId('math.AG/0502036'), { id: 'math.AG/0502036', version: null });
  assert.equal(parseArxivId('no id here'), null);
});

test('DOIs: trailing punctuation, viewer suffixes and URL encoding removed', () => {
  assert.equal(findDoi('see https://doi.org/10.1145/3442188.3445922.'), '10.1145/3442188.3445922');
  assert.equal(findDoi('/doi/10.1002/anie.201915678/full'), '10.1002/anie.201915678');
  assert.equal(findDoi('10.1038%2Fnature12373'), '10.1038/nature12373');
  assert.equal(findDoi('nothing'), null);
  assert.deepEqual(findAllDois('10.1/a and 10.1000/b, again 10.1000/B'), ['10.1000/b']);
});

test('pasted input: arXiv ids and addresses, DOIs, and a clear null for anything else', () => {
  assert.deepEqual(paperFromUserInput(' arXiv:2401.01234v2 ').ids, { arxiv: '2401.01234' });
  assert.equal(paperFromUserInput('https://arxiv.org/pdf/2401.01234').url, 'https://arxiv.org/abs/2401.01234');
  assert.deepEqual(paperFromUserInput('doi:10.1101/2023.06.13.544854').ids, { doi: '10.1101/2023.06.13.544854' });
  assert.equal(paperFromUserInput('attention is all you need'), null);
  assert.equal(paperFromUserInput(''), null);
});

test('paper key follows the server order and lower-cases DOIs', () => {
  assert.equal(paperKey({ doi: '10.1/ABC', arxiv: '2401.01234' }), 'arxiv:2401.01234');
  assert.equal(paperKey({ doi: '10.1/ABC' }), 'doi:10.1/abc');
  assert.equal(paperKey({}), null);
});
