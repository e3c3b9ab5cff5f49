import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('COinS span: article title, each rft.au, DOI and PMID from rft_id', () => {
  const found = detectPaper('https://catalogue.example.org/record/77', loadPage('coins-catalogue.html'));
  assert.equal(found.site, 'coins');
  assert.equal(found.paper.title, 'Graph networks for molecular property prediction');
  assert.deepEqual(found.paper.authors, ['Chen, Wei', 'Novak, Petra']);
  assert.deepEqual(found.paper.ids, { doi: '10.1021/acs.jcim.0c00001', pmid: '32000001' });
});
