// The page a QR poster opens (/check-in?k=<publishable key>&b=<branch id> or &s=<station id>,
// &lang=en). A branch poster presets the form's branch; a station poster lists the branches
// nearest the station above the form, and choosing one presets it through the same
// `ginkgo-branch-select` event the finder sends. A separate file, not inline: no CSP trouble.
// It also runs 我的报到 (/status?k=…, status.html): the same form, opened in its status view,
// and inside WeChat its WeChat notifications (status-wechat.js).
const copy = {
  'zh-CN': {
    title: '扫码报到 · 流动党员', heading: '扫码报到', other: 'English', otherLang: 'en',
    statusTitle: '我的报到 · 流动党员', statusHeading: '我的报到', privacy: '个人信息保护说明',
    station: '流动党员服务驿站', nearby: '附近的党支部', loading: '正在加载…', choose: '选择', colon: '：',
    found: (n) => `离驿站最近的 ${n} 个党支部，选择一个后在下方填写报到信息。`, none: '驿站 50 公里内没有党支部，请在下方表单中查找。',
    noKey: '二维码链接不完整（缺少 k 参数），请联系张贴海报的党支部或驿站。',
    statusNoKey: '链接不完整（缺少 k 参数），请通过短信或党支部给出的链接打开本页。',
    failed: '暂时无法加载驿站信息，请检查网络后刷新页面；也可以直接在下方表单中选择党支部。',
  },
  en: {
    title: 'Scan to check in · Mobile members', heading: 'Check in', other: '中文', otherLang: 'zh-CN',
    statusTitle: 'My check-ins · Mobile members', statusHeading: 'My check-ins', privacy: 'How we protect your personal information',
    station: 'Service station for mobile members', nearby: 'Branches nearby', loading: 'Loading…', choose: 'Choose', colon: ': ',
    found: (n) => `The ${n} branches nearest the station. Choose one, then fill in the form below.`,
    none: 'No branch within 50 km of the station; find one in the form below.',
    noKey: 'This QR link is incomplete (the k parameter is missing). Please tell the branch or station that put up the poster.',
    statusNoKey: 'This link is incomplete (the k parameter is missing). Open this page from the text message or the link your branch gave you.',
    failed: 'The station could not be loaded. Check the connection and reload, or choose a branch in the form below.',
  },
};

/** Branches farther than this from the station are not "nearby"; the form's own finder covers the rest. */
const NEARBY_RADIUS_M = 50_000;

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-CN';
const t = copy[lang];
const key = params.get('k') ?? '';
const branchId = params.get('b');
const stationId = params.get('s');
/** 我的报到 (status.html) rather than the poster's check-in page. */
const statusPage = location.pathname.replace(/\.html$/, '').endsWith('/status');
const side = (text) => (lang === 'en' ? text.en : text.zh);
const $ = (id) => document.getElementById(id);

function localize() {
  document.documentElement.lang = lang;
  document.title = statusPage ? t.statusTitle : t.title;
  $('heading').textContent = statusPage ? t.statusHeading : t.heading;
  const other = new URLSearchParams(params);
  if (t.otherLang === 'en') other.set('lang', 'en');
  else other.delete('lang');
  const link = $('lang-switch');
  link.href = `?${other}`;
  link.textContent = t.other;
  link.lang = link.hreflang = t.otherLang;
  if (statusPage) {
    $('privacy-link').textContent = t.privacy;
    return;
  }
  $('station-kind').textContent = t.station;
  $('nearby-title').textContent = t.nearby;
  $('nearby-status').textContent = t.loading;
}

function showProblem(text) {
  $('problem').textContent = text;
  $('problem').hidden = false;
}

function mountForm() {
  const form = document.createElement('ginkgo-check-in');
  form.setAttribute('key', key);
  form.setAttribute('lang', lang);
  if (branchId) form.setAttribute('branch', branchId);
  if (statusPage) form.setAttribute('view', 'status');
  $('form-slot').replaceChildren(form);
  return form;
}

async function get(path) {
  const res = await fetch(`${path}${path.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const distance = (meters) => new Intl.NumberFormat(lang, meters < 1000
  ? { style: 'unit', unit: 'meter', maximumFractionDigits: 0 }
  : { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(meters < 1000 ? meters : meters / 1000);

function nearbyItem(branch, form) {
  const item = document.createElement('li');
  const text = document.createElement('div');
  const name = text.appendChild(document.createElement('strong'));
  name.textContent = side(branch.name);
  const facts = text.appendChild(document.createElement('small'));
  facts.textContent = `${distance(branch.distanceMeters)} · ${side(branch.address)}`;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = t.choose;
  button.setAttribute('aria-label', `${t.choose}${t.colon}${side(branch.name)}`);
  button.addEventListener('click', () => {
    for (const li of $('nearby').children) li.removeAttribute('aria-current');
    item.setAttribute('aria-current', 'true');
    // Once the form's chunk has defined it (a slow connection may still be fetching it): before
    // that nothing listens, and the choice would be lost.
    customElements.whenDefined('ginkgo-check-in').then(() =>
      document.dispatchEvent(new CustomEvent('ginkgo-branch-select', { detail: branch, bubbles: true, composed: true })));
    form.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  item.append(text, button);
  return item;
}

async function showStation(form) {
  $('station').hidden = false;
  try {
    const station = await get(`/v1/stations/${encodeURIComponent(stationId)}`);
    $('station-name').textContent = side(station.name);
    $('station-address').textContent = side(station.address);
    if (station.alert) {
      $('station-alert').textContent = side(station.alert);
      $('station-alert').hidden = false;
    }
    const { lat, lng } = station.position;
    const data = (await get(`/v1/branches/near?lat=${lat}&lng=${lng}&limit=5`)).data
      .filter((branch) => branch.distanceMeters <= NEARBY_RADIUS_M);
    $('nearby').replaceChildren(...data.map((branch) => nearbyItem(branch, form)));
    $('nearby-status').textContent = data.length ? t.found(data.length) : t.none;
  } catch {
    $('station').hidden = true;
    showProblem(t.failed);
  }
}

localize();
if (!key) showProblem(statusPage ? t.statusNoKey : t.noKey);
else {
  const form = mountForm();
  if (stationId && !branchId) void showStation(form);
  // Inside WeChat's browser only, 我的报到 offers WeChat notifications (status-wechat.js).
  if (statusPage && /MicroMessenger/i.test(navigator.userAgent)) {
    const script = document.createElement('script');
    script.type = 'module'; // a scope of its own, apart from this script's names
    script.src = '/status-wechat.js';
    document.head.append(script);
  }
}
