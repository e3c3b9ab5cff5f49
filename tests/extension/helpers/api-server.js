// A local HTTP server that answers like the PaperGist API, one route table per test, and records
// what it was sent. It speaks real HTTP, so api.js's fetch, headers and error mapping are exercised.
import { createServer } from 'node:http';

export async function startApiServer(routes) {
  const requests = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const json = (req.headers['content-type'] ?? '').startsWith('application/json');
    const entry = { method: req.method, url: req.url, headers: req.headers, body: body ? (json ? JSON.parse(body) : body) : null };
    requests.push(entry);
    const route = routes[`${req.method} ${req.url.split('?')[0]}`];
    const [status, payload, headers = {}] = route ? await route(entry) : [404, notFound()];
    res.writeHead(status, { 'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(payload === null ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

// What Flask answers for a route it does not have, in the API's error envelope.
export function notFound() {
  return { error: { code: 'not_found', message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.', details: {} } };
}
