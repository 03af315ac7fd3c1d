// The console's entry point: language, session, navigation and the page shell.
import { render } from '../vendor/preact-htm.js';
import { html, useState, useEffect } from './ui.js';
import { t, initLanguage, language, setLanguage, onLanguageChange, LANGUAGES } from './i18n.js';
import { api, setCsrf, whenSessionLost } from './api.js';
import { routes } from './routes.js';
import { Login } from './pages/login.js';
import { Dashboard } from './pages/dashboard.js';
import { Providers } from './pages/providers.js';
import { Keys } from './pages/keys.js';
import { Usage } from './pages/usage.js';
import { Requests } from './pages/requests.js';
import { Settings } from './pages/settings.js';

const PAGES = [
  ['dashboard', Dashboard],
  ['providers', Providers],
  ['keys', Keys],
  ['usage', Usage],
  ['requests', Requests],
  ['settings', Settings],
];
// Remembers for this tab that a session existed, so a later 401 reads "expired" rather than a bare login form.
const HAD_SESSION = 'switchboard.hadSession';

function currentRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = PAGES.some(([name]) => name === parts[0]) ? parts[0] : 'dashboard';
  return { page, args: parts.slice(1) };
}

function LanguageSwitch() {
  return html`<label class="inline"><span class="sr">${t('nav.language')}</span>
    <select aria-label=${t('nav.language')} value=${language()} onChange=${(e) => setLanguage(e.target.value)}>
      ${Object.keys(LANGUAGES).map((l) => html`<option value=${l}>${LANGUAGES[l]['lang.name']}</option>`)}
    </select></label>`;
}

function Shell({ session, onLogout }) {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const f = () => setRoute(currentRoute());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  const Page = PAGES.find(([name]) => name === route.page)[1];
  return html`<div class="shell">
    <header class="side">
      <div class="brand"><img src="icon.svg" alt="" />${t('app.title')}</div>
      <nav aria-label=${t('nav.main')}>
        ${PAGES.map(([name]) => html`<a href=${'#/' + name} id=${'nav-' + name}
            aria-current=${route.page === name ? 'page' : undefined}>${t('nav.' + name)}</a>`)}
      </nav>
      <div class="foot">
        <span class="who">${t('nav.signedInAs', { user: session.username })}</span>
        <${LanguageSwitch} />
        <button id="logout" onClick=${onLogout}>${t('nav.logout')}</button>
      </div>
    </header>
    <main id="main"><${Page} key=${route.page + '/' + route.args.join('/')} args=${route.args} /></main>
  </div>`;
}

function App() {
  const [session, setSession] = useState(undefined);
  const [notice, setNotice] = useState(null);
  const [, setLang] = useState(language());
  useEffect(() => onLanguageChange(setLang), []);

  const lost = () => {
    setCsrf(null);
    setSession(null);
    setNotice(sessionStorage.getItem(HAD_SESSION) ? 'expired' : null);
    sessionStorage.removeItem(HAD_SESSION);
  };
  const start = (s) => {
    setCsrf(s.csrf_token || null);
    sessionStorage.setItem(HAD_SESSION, '1');
    setNotice(null);
    setSession(s);
  };
  useEffect(() => {
    whenSessionLost(lost);
    api(routes.session(), undefined, { quiet401: true }).then(start, (e) => {
      if (e.status === 401) lost();
      else setNotice({ error: e });
      setSession((s) => (s === undefined ? null : s));
    });
  }, []);
  const logout = async () => {
    try {
      await api(routes.logout());
    } catch (e) {
      // The session is gone either way; the login page is the right place to continue.
    }
    sessionStorage.removeItem(HAD_SESSION);
    setCsrf(null);
    setNotice('loggedOut');
    setSession(null);
  };
  document.getElementById('app').removeAttribute('aria-busy');
  if (session === undefined) return null;
  if (session === null) return html`<${Login} notice=${notice} onLogin=${start} languageSwitch=${html`<${LanguageSwitch} />`} />`;
  return html`<${Shell} session=${session} onLogout=${logout} />`;
}

initLanguage();
render(html`<${App} />`, document.getElementById('app'));
