// Every listing-page parser: pages that show many papers (a day's papers, a category listing,
// search results, a venue's accepted papers). Each returns every paper on the page, in page
// order. They are tried before the paper-page parsers (detectors/sites/), since a listing may
// also carry a stray DOI or meta tag that a generic fallback would take for the page's paper.
// Adding a site = a file here, a fixture page and a test (tests/extension/listings-registry.test.js).
import * as huggingfaceDailyPapers from './huggingface-daily-papers.js';
import * as arxivListing from './arxiv-listing.js';
import * as openreviewGroup from './openreview-group.js';
import * as aclAnthologyListing from './acl-anthology-listing.js';
import * as semanticScholarSearch from './semantic-scholar-search.js';
import * as pubmedSearch from './pubmed-search.js';

export const LISTINGS = [
  huggingfaceDailyPapers,
  arxivListing,
  openreviewGroup,
  aclAnthologyListing,
  semanticScholarSearch,
  pubmedSearch,
];
