// Every admin API call the console makes, as [method, path]. Kept in one place so a test can check that each of
// them refuses a caller without a session.
const e = encodeURIComponent;

export const routes = {
  login: () => ['POST', '/admin/login'],
  logout: () => ['POST', '/admin/logout'],
  session: () => ['GET', '/admin/session'],
  providers: () => ['GET', '/admin/providers'],
  provider: (id) => ['GET', `/admin/providers/${e(id)}`],
  setStrategy: (id) => ['PATCH', `/admin/providers/${e(id)}`],
  accounts: (id, query) => ['GET', `/admin/providers/${e(id)}/accounts?${query}`],
  createAccount: (id) => ['POST', `/admin/providers/${e(id)}/accounts`],
  patchAccount: (id, name) => ['PATCH', `/admin/providers/${e(id)}/accounts/${e(name)}`],
  deleteAccount: (id, name) => ['DELETE', `/admin/providers/${e(id)}/accounts/${e(name)}`],
  testAccount: (id, name) => ['POST', `/admin/providers/${e(id)}/accounts/${e(name)}/test`],
  testAll: (id) => ['POST', `/admin/providers/${e(id)}/accounts/test`],
  exportAccounts: (id, secrets) => ['GET', `/admin/providers/${e(id)}/accounts/export?include_secrets=${secrets}`],
  importAccounts: (id) => ['POST', `/admin/providers/${e(id)}/accounts/import`],
  startFlow: (id, flow) => ['POST', `/admin/providers/${e(id)}/flows/${e(flow)}`],
  flowStatus: (id, flow, flowId) => ['GET', `/admin/providers/${e(id)}/flows/${e(flow)}/${e(flowId)}`],
  submitFlow: (id, flow, flowId) => ['POST', `/admin/providers/${e(id)}/flows/${e(flow)}/${e(flowId)}`],
  cancelFlow: (id, flow, flowId) => ['DELETE', `/admin/providers/${e(id)}/flows/${e(flow)}/${e(flowId)}`],
  keys: () => ['GET', '/admin/keys'],
  createKey: () => ['POST', '/admin/keys'],
  patchKey: (id) => ['PATCH', `/admin/keys/${e(id)}`],
  revokeKey: (id) => ['POST', `/admin/keys/${e(id)}/revoke`],
  deleteKey: (id) => ['DELETE', `/admin/keys/${e(id)}`],
  usage: (query) => ['GET', `/admin/usage?${query}`],
  requests: (query) => ['GET', `/admin/requests?${query}`],
  config: () => ['GET', '/admin/config'],
};
