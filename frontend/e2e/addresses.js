// Ports of the end-to-end run (127.0.0.1 only); override by environment.
module.exports = {
  BACKEND: Number(process.env.E2E_BACKEND_PORT || 55080),
  VOLTO: Number(process.env.E2E_VOLTO_PORT || 53000),
  VOLTO_STOCK: Number(process.env.E2E_VOLTO_STOCK_PORT || 53001),
  // A German site: its default language is German (SITE_DEFAULT_LANGUAGE).
  VOLTO_DE: Number(process.env.E2E_VOLTO_DE_PORT || 53002),
};
