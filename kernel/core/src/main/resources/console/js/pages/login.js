// Login: admin user and password; clear messages for wrong input, throttling (with its wait) and expiry.
import { html, useState, useSubmit } from '../ui.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { routes } from '../routes.js';

function message(err) {
  if (err.status === 401) return t('login.wrong');
  if (err.status === 403) return t('login.forbidden');
  if (err.status !== 429) return err.message;
  const wait = err.retryAfter;
  if (!wait) return t('login.throttledSoon');
  return wait > 90 ? t('login.throttledMinutes', { minutes: Math.ceil(wait / 60) }) : t('login.throttled', { seconds: wait });
}

export function Login({ notice, onLogin, languageSwitch }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const { busy, error: failed, submit } = useSubmit(async () => {
    onLogin(await api(routes.login(), { username, password, cookie: true }, { quiet401: true }));
  });
  const error = failed && message(failed);
  const info = notice === 'expired' ? t('login.expired') : notice === 'loggedOut' ? t('login.loggedOut') : null;
  return html`<div class="login">
    <form class="panel form" onSubmit=${submit} aria-labelledby="login-title">
      <div class="row"><div class="brand"><img src="icon.svg" alt="" /><span id="login-title">${t('login.title')}</span></div>
        <span class="spacer"></span>${languageSwitch}</div>
      ${info && html`<div class="notice" role="status" id="login-notice">${info}</div>`}
      ${notice && notice.error && html`<div class="error" role="alert">${notice.error.message}</div>`}
      <label>${t('login.username')}
        <input id="login-username" name="username" autocomplete="username" required value=${username}
          onInput=${(e) => setUsername(e.target.value)} /></label>
      <label>${t('login.password')}
        <input id="login-password" name="password" type="password" autocomplete="current-password" required
          value=${password} onInput=${(e) => setPassword(e.target.value)} /></label>
      ${error && html`<div class="error" role="alert" id="login-error">${error}</div>`}
      <button class="primary" id="login-submit" type="submit" disabled=${busy}>
        ${busy ? t('login.busy') : t('login.submit')}</button>
      <p class="hint">${t('login.hint')}</p>
    </form>
  </div>`;
}
