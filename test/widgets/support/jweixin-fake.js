// A stand-in for WeChat's JS-SDK (jweixin-1.6.0.js) inside the test browser, which serves it in
// place of https://res.wx.qq.com/open/js/jweixin-1.6.0.js. wx.config keeps what it was given (the
// test checks the signature against the WeChat fake's ticket), then wx.ready runs. As the WeChat
// client does, it draws each wx-open-subscribe from its <script type="text/wxtag-template"> once
// config opened the tag (and only outside a shadow root: it looks in the document), and a tap
// accepts the tag's templates (told to the test through window.__wxAccept) and fires `success`
// with `subscribeDetails` as WeChat gives it: JSON of template id → JSON of {status}.
(() => {
  let waiting = [];
  const draw = (tag) => {
    if (tag.dataset.drawn) return;
    tag.dataset.drawn = 'yes';
    const box = document.createElement('div');
    box.innerHTML = tag.querySelector('script[type="text/wxtag-template"]')?.textContent ?? '';
    tag.append(box);
    tag.addEventListener('click', async () => {
      const ids = (tag.getAttribute('template') ?? '').split(',').filter(Boolean);
      await window.__wxAccept(ids);
      const details = Object.fromEntries(ids.map((id) => [id, JSON.stringify({ status: 'accept' })]));
      tag.dispatchEvent(new CustomEvent('success', { detail: { subscribeDetails: JSON.stringify(details) } }));
    });
  };
  const drawAll = () => document.querySelectorAll('wx-open-subscribe').forEach(draw);
  window.wx = {
    config(config) {
      window.__wxConfig = { ...config, url: location.href.split('#')[0] };
      setTimeout(() => {
        if (config.openTagList?.includes('wx-open-subscribe')) {
          drawAll();
          new MutationObserver(drawAll).observe(document.body, { childList: true, subtree: true });
        }
        for (const run of waiting) run();
        waiting = null;
      });
    },
    ready(run) { if (waiting) waiting.push(run); else run(); },
    error() {},
  };
})();
