import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('publisher page: citation tags win, escaped HTML is stripped from the abstract', () => {
  const found = detectPaper('https://www.nature.com/articles/s41586-021-03819-2', loadPage('meta-tags-publisher.html'));
  assert.equal(found.site, 'meta-tags');
  assert.deepEqual(found.paper.ids, { doi: '10.1038/s41586-021-03819-2' });
  assert.deepEqual(found.paper.authors, ['John Jumper', 'Richard Evans']);
  assert.equal(found.paper.abstract, 'We predict protein structures for a whole proteome.');
  assert.equal(found.paper.url, 'https://www.nature.com/articles/s41586-021-03819-2');
});

test('Dublin Core only: title, creators, description and a DOI in DC.identifier', () => {
  const found = detectPaper('https://repository.example.edu/handle/123/456', loadPage('meta-tags-dublin-core.html'));
  assert.equal(found.site, 'meta-tags');
  assert.deepEqual(found.paper.ids, { doi: '10.5281/zenodo.1234567' });
  assert.deepEqual(found.paper.authors, ['Kofi Mensah', 'Haruka Ito']);
  assert.match(found.paper.abstract, /^We share phone inventories/);
});

test('Open Graph alone does not make a page a paper', () => {
  assert.equal(detectPaper('https://blog.example.com/five-papers', loadPage('no-paper-blog.html')), null);
});
