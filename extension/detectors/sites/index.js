// Every site parser, in the order they are tried: specific sites first, then the generic
// fallbacks from the strongest signal (scholarly meta tags) to the weakest (a lone DOI).
// Adding a site = adding a file here, a fixture page and a test (tests/extension/sites-registry.test.js).
import * as arxiv from './arxiv.js';
import * as arxivMirrors from './arxiv-mirrors.js';
import * as openreview from './openreview.js';
import * as aclAnthology from './acl-anthology.js';
import * as semanticScholar from './semantic-scholar.js';
import * as biorxiv from './biorxiv.js';
import * as pubmed from './pubmed.js';
import * as metaTags from './meta-tags.js';
import * as coins from './coins.js';
import * as doi from './doi.js';

export const SITES = [
  arxiv,
  arxivMirrors,
  openreview,
  aclAnthology,
  semanticScholar,
  biorxiv,
  pubmed,
  metaTags,
  coins,
  doi,
];
