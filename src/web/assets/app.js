// Progressive enhancement only: every page works without this file.
// htmx requests carry the CSRF token from the page's meta tag.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  if (token) event.detail.headers['x-csrf-token'] = token;
});
