// The demo portal's script: language switch for the page and its three widgets (?lang=en keeps it
// on reload) and the "selected branch" box, with a link to the branch's QR poster, fed by the
// finder's ginkgo-branch-select event (the check-in form below listens for that event itself).
// A separate file, not inline, so the page could run under a strict CSP too.
const copy = {
  'zh-CN': {
    docTitle: '邳州流动党员之家 · 常州市新市民服务平台（演示）', skip: '跳到党支部查询',
    portal: '常州市新市民服务平台', demo: '演示站点', nav: '主导航',
    navHome: '邳州流动党员之家', navStations: '服务驿站', navStatus: '我的报到', navApi: '开放接口', navPrivacy: '隐私说明', heading: '邳州流动党员之家',
    lead: '在常州工作生活的邳州籍流动党员，可以在这里找到身边的流动党员党支部，就近参加组织生活，并到服务驿站寻求分类帮助。',
    selectionTitle: '您选择的党支部', selectionEmpty: '在列表中点击“选择”，这里会显示该党支部。',
    selectionNext: '下一步：在下方向该党支部报到',
    footer: '演示页面：数据为示例，不代表真实办事渠道。由中共邳州市委组织部与常州市相关部门共建（示例）。',
    address: '地址', phone: '办公电话', city: '城市', poster: '打印该支部的报到二维码海报',
  },
  en: {
    docTitle: 'Pizhou Mobile Members’ Home · Changzhou New Residents Portal (demo)', skip: 'Skip to the branch finder',
    portal: 'Changzhou New Residents Portal', demo: 'Demo site', nav: 'Main',
    navHome: 'Pizhou Mobile Members’ Home', navStations: 'Service stations', navStatus: 'My check-ins', navApi: 'Open API', navPrivacy: 'Privacy', heading: 'Pizhou Mobile Members’ Home',
    lead: 'Party members from Pizhou who live and work in Changzhou can find a mobile members’ branch near them here and take part in its meetings, and get help by category at a service station.',
    selectionTitle: 'Your selected branch', selectionEmpty: 'Press “Select” on a branch in the list and it appears here.',
    selectionNext: 'Next: check in with that branch below',
    footer: 'Demo page: sample data, not a real service channel. Run jointly by the Pizhou organisation department and Changzhou (example).',
    address: 'Address', phone: 'Office phone', city: 'City', poster: 'Print this branch’s check-in QR poster',
  },
};

const finder = document.querySelector('ginkgo-branch-finder');
const checkIn = document.querySelector('ginkgo-check-in');
const stations = document.querySelector('ginkgo-station-directory');
const selection = document.getElementById('selection');
let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
let selected = null;

function showSelection() {
  if (!selected) return;
  const t = copy[lang];
  const side = (text) => (lang === 'en' ? text.en : text.zh);
  const name = document.createElement('p');
  const strong = name.appendChild(document.createElement('strong'));
  strong.textContent = side(selected.name);
  const facts = document.createElement('dl');
  for (const [label, value] of [[t.city, side(selected.city.name)], [t.address, side(selected.address)], [t.phone, selected.officePhone]]) {
    if (!value) continue;
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = value;
    facts.append(dt, dd);
  }
  // The poster a branch puts up at its door: its QR code opens the check-in form with the branch preset.
  const poster = document.createElement('a');
  poster.href = `/v1/branches/${encodeURIComponent(selected.id)}/poster?key=${finder.getAttribute('key')}`;
  poster.target = '_blank';
  poster.textContent = t.poster;
  const posterLine = document.createElement('p');
  posterLine.className = 'small';
  posterLine.append(poster);
  selection.replaceChildren(name, facts, posterLine);
}

function setLang(next) {
  lang = next;
  const t = copy[lang];
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t[el.dataset.i18nLabel]);
  for (const button of document.querySelectorAll('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  finder.setAttribute('lang', lang);
  checkIn.setAttribute('lang', lang);
  stations.setAttribute('lang', lang);
  const url = new URL(location.href);
  if (lang === 'en') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  history.replaceState(null, '', url);
  showSelection();
}

for (const button of document.querySelectorAll('[data-lang]')) button.addEventListener('click', () => setLang(button.dataset.lang));
finder.addEventListener('ginkgo-branch-select', (event) => {
  selected = event.detail;
  showSelection();
});
setLang(lang);
