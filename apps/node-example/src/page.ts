/**
 * A tiny page for trying the API from a browser (and for the e2e test): it takes an ID token from the URL
 * fragment (`/#id_token=...`, never sent to the server in the URL) and calls /api/whoami with it.
 */
export const indexHtml = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>web-identity · Node example</title></head>
<body>
<h1>web-identity · Node example</h1>
<p>Status: <span data-testid="status">loading</span></p>
<dl>
  <dt>Subject</dt><dd data-testid="subject"></dd>
  <dt>Caller ARN (STS GetCallerIdentity as the user)</dt><dd data-testid="arn"></dd>
</dl>
<p data-testid="error"></p>
<script type="module">
  const token = new URLSearchParams(location.hash.slice(1)).get('id_token');
  const $ = (id) => document.querySelector('[data-testid="' + id + '"]');
  history.replaceState(null, '', location.pathname); // drop the token from the address bar
  if (!token) {
    $('status').textContent = 'signed-out';
  } else {
    const res = await fetch('/api/whoami', { headers: { authorization: 'Bearer ' + token } });
    const body = await res.json();
    if (res.ok) {
      $('status').textContent = 'ready';
      $('subject').textContent = body.subject;
      $('arn').textContent = body.arn;
    } else {
      $('status').textContent = 'error';
      $('error').textContent = res.status + ' ' + body.code + ': ' + body.detail;
    }
  }
</script>
</body>
</html>
`;
