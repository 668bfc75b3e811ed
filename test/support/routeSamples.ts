// Route sources shared by the tiers that need a file with a known finding.

/** A POST handler that reads the body twice: `double-body-read` at line 3, column 23 (`request.text()`). */
export const DOUBLE_BODY_READ_ROUTE = [
  'export async function POST(request: Request) {',
  '  const body = await request.json();',
  '  const again = await request.text();',
  '  return Response.json({ body, again });',
  '}',
  '',
].join('\n');
