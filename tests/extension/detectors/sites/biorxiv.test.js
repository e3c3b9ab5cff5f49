import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('bioRxiv page: DOI and version from the address, Highwire tags for the rest', () => {
  const found = detectPaper('https://www.biorxiv.org/content/10.1101/2023.06.13.544854v1.full', loadPage('biorxiv-content.html'));
  assert.equal(found.site, 'biorxiv');
  assert.deepEqual(found.paper.ids, { doi: '10.1101/2023.06.13.544854' });
  assert.equal(found.paper.version, 1);
  assert.deepEqual(found.paper.authors, ['Amara Okafor', 'Tomás Silva']);
  assert.match(found.paper.abstract, /Müller glia change first/);
});

test('medRxiv PDF and old numeric bioRxiv DOIs from the address alone', () => {
  const pdf = detectPaper('https://www.medrxiv.org/content/10.1101/2020.04.14.20062463v2.full.pdf');
  assert.deepEqual(pdf.paper.ids, { doi: '10.1101/2020.04.14.20062463' });
  assert.equal(pdf.paper.version, 2);
  assert.deepEqual(detectPaper('https://www.biorxiv.org/content/10.1101/867036v1.abstract').paper.ids, { doi: '10.1101/867036' });
});
