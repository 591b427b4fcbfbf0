// For the one-script embed only: lit-html without the features the widgets never use, about a
// fifth of its bytes. The widgets bind text, templates, arrays, attributes, properties (`.`),
// boolean attributes (`?`) and listeners (`@`) in html`` templates, and nothing else:
// - no directives (lit/directives/*, custom directive classes): resolveDirective passes values through;
// - listeners are functions, not objects with listener options; lists are arrays, not other iterables;
// - no element bindings (`<div ${…}>`, only directives use them) and no bindings in comments;
// - an attribute binding is the whole value (`id=${x}`), not part of it (`id="${x}-hint"`);
// - no bindings inside raw-text elements (<script>, <style>, <textarea>, <title>), no comments in templates;
// - no svg`` or mathml`` templates (inline <svg> in html`` works), no compiled templates, no `creationScope` or `renderBefore` render options;
// - no async-directive connection tracking (setConnected, _$AU), and the part getters meant for
//   directives (parentNode, startNode, endNode, tagName);
// - no ShadyDOM polyfill hook: the targets (Chrome 89+, iOS 15) have shadow DOM.
// Each edit names the exact text of lit-html 3.3.3's minified build and must match it once: an
// upgraded lit-html fails the build here until the edits are checked against it again.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

export const LIT_HTML_VERSION = '3.3.3';

const edits: [string, string][] = [
  // resolveDirective: a value is never a directive.
  ['function M(t,i,s=t,e){if(i===E)return i;let h=void 0!==e?s._$Co?.[e]:s._$Cl;const o=a(i)?void 0:i._$litDirective$;return h?.constructor!==o&&(h?._$AO?.(!1),void 0===o?h=void 0:(h=new o(t),h._$AT(t,s,e)),void 0!==e?(s._$Co??=[])[e]=h:s._$Cl=h),void 0!==h&&(i=M(t,h._$AS(t,i.values),h,e)),i}', ''],
  ['_$AI(t,i=this){t=M(this,t,i),a(t)', '_$AI(t,i=this){a(t)'],
  // Listeners are functions, never listener objects with options (capture, once, passive).
  ['_$AI(t,i=this){if((t=M(this,t,i,0)??A)===E)return;const s=this._$AH,e=t===A&&s!==A||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,h=t!==A&&(s===A||e);e&&this.element.removeEventListener(this.name,this,s),h&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){"function"==typeof this._$AH?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}',
    '_$AI(t){t??=A;const s=this._$AH;t===A?s!==A&&this.element.removeEventListener(this.name,this):s===A&&this.element.addEventListener(this.name,this),this._$AH=t}handleEvent(t){this._$AH.call(this.options?.host??this.element,t)}'],
  // Template parsing: no element bindings, no raw-text elements, no bindings in comments.
  ['else t.startsWith(o)&&(d.push({type:6,index:l}),r.removeAttribute(t));if(y.test(r.tagName)){const t=r.textContent.split(o),i=t.length-1;if(i>0){r.textContent=s?s.emptyScript:"";for(let s=0;s<i;s++)r.append(t[s],c()),P.nextNode(),d.push({type:2,index:++l});r.append(t[i],c())}}}else if(8===r.nodeType)if(r.data===n)d.push({type:2,index:l});else{let t=-1;for(;-1!==(t=r.data.indexOf(o,t+1));)d.push({type:7,index:l}),t+=o.length-1}l++',
    '}else 8===r.nodeType&&r.data===n&&d.push({type:2,index:l});l++'],
  // The template parser: lit-html's regular-expression state machine, for markup with no comments,
  // no raw-text elements and no svg`` or mathml``, becomes a scan for tags and quotes. As lit-html does, it
  // marks a binding inside a tag as the attribute named before it (`name$lit$=marker`), and any
  // other as a child part (`<?marker>`). The template minifier refuses comments in templates.
  ['const N=(t,i)=>{const s=t.length-1,e=[];let n,l=2===i?"<svg>":3===i?"<math>":"",c=v;for(let i=0;i<s;i++){const s=t[i];let a,u,d=-1,f=0;for(;f<s.length&&(c.lastIndex=f,u=c.exec(s),null!==u);)f=c.lastIndex,c===v?"!--"===u[1]?c=_:void 0!==u[1]?c=m:void 0!==u[2]?(y.test(u[2])&&(n=RegExp("</"+u[2],"g")),c=p):void 0!==u[3]&&(c=p):c===p?">"===u[0]?(c=n??v,d=-1):void 0===u[1]?d=-2:(d=c.lastIndex-u[2].length,a=u[1],c=void 0===u[3]?p:\'"\'===u[3]?$:g):c===$||c===g?c=p:c===_||c===m?c=v:(c=p,n=void 0);const x=c===p&&t[i+1].startsWith("/>")?" ":"";l+=c===v?s+r:d>=0?(e.push(a),s.slice(0,d)+h+s.slice(d)+o+x):s+o+(-2===d?i:x)}return[V(t,l+(t[s]||"<?>")+(2===i?"</svg>":3===i?"</math>":"")),e]};',
    'const N=(t,i)=>{const s=t.length-1,e=[];let l="",a=0,q="";for(let i=0;i<s;i++){const s=t[i];for(let j=0;j<s.length;j++){const c=s[j];q?c===q&&(q=""):a?">"===c?a=0:\'"\'!==c&&"\'"!==c||(q=c):"<"===c&&/[a-z\\/]/i.test(s[j+1]??"")&&(a=1)}if(a){const c=/([^\\s"\'>=/]+)\\s*=\\s*["\']?$/.exec(s),d=c.index+c[1].length;e.push(c[1]),l+=s.slice(0,d)+h+s.slice(d)+o+(q||!t[i+1].startsWith("/>")?"":" ")}else l+=s+r}return[V(t,l+(t[s]||"<?>")),e]};'],
  [',f="[ \\t\\n\\f\\r]",v=/<(?:(!--|\\/[^a-zA-Z])|(\\/?[a-zA-Z][^>\\s]*)|(\\/?$))/g,_=/-->/g,m=/>/g,p=RegExp(`>|${f}(?:([^\\\\s"\'>=/]+)(${f}*=${f}*(?:[^ \\t\\n\\f\\r"\'\\`<>=]|("|\')|))|$)`,"g"),g=/\'/g,$=/"/g,y=/^(?:script|style|textarea|title)$/i', ''],
  // No mathml`` and no svg`` (the widgets write inline <svg> in html``, which the HTML parser handles).
  ['if(this.el=S.createElement(f,e),P.currentNode=this.el.content,2===i||3===i){const t=this.el.content.firstChild;t.replaceWith(...t.childNodes)}', 'this.el=S.createElement(f,e),P.currentNode=this.el.content;'],
  [',w=x(2),T=x(3)', ''],
  [',T as mathml', ''],
  [',w as svg}', '}'],
  // No ShadyDOM node wrapper (identity in production), and template elements made in place.
  ['const t=globalThis,i=t=>t,', 'const t=globalThis,'],
  ['const s=i(t).nextSibling;i(t).remove(),t=s', 'const s=t.nextSibling;t.remove(),t=s'],
  ['this.el=S.createElement(f,e),', 'this.el=document.createElement("template"),this.el.innerHTML=f,'],
  ['static createElement(t,i){const s=l.createElement("template");return s.innerHTML=t,s}', ''],
  // Lists are arrays (the widgets map them), not other iterables.
  ['d=t=>u(t)||"function"==typeof t?.[Symbol.iterator],', ''],
  ['void 0!==t.nodeType?this.T(t):d(t)?this.k(t)', 'void 0!==t.nodeType?this.T(t):u(t)?this.k(t)'],
  // Templates come from html`` only, not compiled ahead (`_$litType$` an object).
  ['$(t){const{values:i,_$litType$:s}=t,e="number"==typeof s?this._$AC(t):(void 0===s.el&&(s.el=S.createElement(V(s.h,s.h[0]),this.options)),s);',
    '$(t){const{values:i}=t,e=this._$AC(t);'],
  // Template instances: no creationScope, no element parts.
  ['e=(t?.creationScope??l).importNode(i,!0)', 'e=l.importNode(i,!0)'],
  [':1===r.type?i=new r.ctor(h,r.name,r.strings,this,t):6===r.type&&(i=new Z(h,this,t))', ':1===r.type&&(i=new r.ctor(h,r.name,r.strings,this,t))'],
  ['class Z{constructor(t,i,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=i,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){M(this,t)}}', ''],
  // Connection tracking and getters for directives.
  ['get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}', ''],
  ['get _$AU(){return this._$AM?._$AU??this._$Cv}', ''],
  [',this._$Cv=e?.isConnected??!0', ''],
  ['get parentNode(){let t=this._$AA.parentNode;const i=this._$AM;return void 0!==i&&11===t?.nodeType&&(t=i.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}', ''],
  ['for(this._$AP?.(!1,!0,s);t!==this._$AB;)', 'for(;t!==this._$AB;)'],
  ['setConnected(t){void 0===this._$AM&&(this._$Cv=t,this._$AP?.(t))}', ''],
  ['get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}', ''],
  // An attribute binding is the attribute's whole value (`id=${x}`, never `id="${x}-hint"`; the
  // template minifier refuses those in the widgets' source).
  ['constructor(t,i,s,e,h){this.type=1,this._$AH=A,this._$AN=void 0,this.element=t,this.name=i,this._$AM=e,this.options=h,s.length>2||""!==s[0]||""!==s[1]?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=A}_$AI(t,i=this,s,e){const h=this.strings;let o=!1;if(void 0===h)t=M(this,t,i,0),o=!a(t)||t!==this._$AH&&t!==E,o&&(this._$AH=t);else{const e=t;let n,r;for(t=h[0],n=0;n<h.length-1;n++)r=M(this,e[s+n],i,n),r===E&&(r=this._$AH[n]),o||=!a(r)||r!==this._$AH[n],r===A?t=A:t!==A&&(t+=(r??"")+h[n+1]),this._$AH[n]=r}o&&!e&&this.j(t)}',
    'constructor(t,i,s,e,h){this._$AH=A,this.element=t,this.name=i,this._$AM=e,this.options=h}_$AI(t){(!a(t)||t!==this._$AH&&t!==E)&&(this._$AH=t,this.j(t))}'],
  ['p(t){let i=0;for(const s of this._$AV)void 0!==s&&(void 0!==s.strings?(s._$AI(t,s,i),i+=s.strings.length-2):s._$AI(t[i])),i++}',
    'p(t){let i=0;for(const s of this._$AV)void 0!==s&&s._$AI(t[i]),i++}'],
  // Part kinds (`type`) and disconnectable children (`_$AN`) are for directives only.
  ['constructor(t,i){this._$AV=[],this._$AN=void 0,this._$AD=t', 'constructor(t,i){this._$AV=[],this._$AD=t'],
  ['constructor(t,i,s,e){this.type=2,this._$AH=A,this._$AN=void 0,', 'constructor(t,i,s,e){this._$AH=A,'],
  ['constructor(){super(...arguments),this.type=3}', ''],
  ['constructor(){super(...arguments),this.type=4}', ''],
  ['constructor(t,i,s,e,h){super(t,i,s,e,h),this.type=5}', ''],
  // No ShadyDOM polyfill support, and no private exports for lit-element and the SSR packages.
  ['const j={M:h,P:o,A:n,C:1,L:N,R,D:d,V:M,I:k,H,N:L,U:z,B:I,F:Z},B=t.litHtmlPolyfillSupport;B?.(S,k),', ';'],
  ['export{j as _$LH,', 'export{'],
  // render(): no renderBefore.
  ['const D=(t,i,s)=>{const e=s?.renderBefore??i;let h=e._$litPart$;if(void 0===h){const t=s?.renderBefore??null;e._$litPart$=h=new k(i.insertBefore(c(),t),t,void 0,s??{})}return h._$AI(t),h}',
    'const D=(t,i,s)=>{let h=i._$litPart$;return void 0===h&&(i._$litPart$=h=new k(i.insertBefore(c(),null),null,void 0,s??{})),h._$AI(t),h}'],
  // Applied to the text as edited above: what nothing reads any more (parents, attribute strings).
  ['constructor(t,i){this._$AV=[],this._$AD=t,this._$AM=i}', 'constructor(t){this._$AV=[],this._$AD=t}'],
  ['this._$AB=i,this._$AM=s,this.options=e}', 'this._$AB=i,this.options=e}'],
  ['constructor(t,i,s,e,h){this._$AH=A,this.element=t,this.name=i,this._$AM=e,this.options=h}', 'constructor(t,i,h){this._$AH=A,this.element=t,this.name=i,this.options=h}'],
  [':1===r.type&&(i=new r.ctor(h,r.name,r.strings,this,t))', ':i=new r.ctor(h,r.name,t)'],
  ['const i=v[a++],s=r.getAttribute(t).split(o),e=/([.?@])?(.*)/.exec(i);d.push({type:1,index:l,name:e[2],strings:s,ctor:', 'const i=v[a++],e=/([.?@])?(.*)/.exec(i);d.push({type:1,index:l,name:e[2],ctor:'],
];

export function trimLitHtml(source: string): string {
  let out = source;
  for (const [from, to] of edits) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0) {
      throw new Error(`trim-lit-html: expected lit-html ${LIT_HTML_VERSION}'s text once: ${from.slice(0, 80)}…`);
    }
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

/**
 * esbuild plugin: lit-html's production module, trimmed; and no directive may be imported, since
 * the trimmed lit-html would render one as text (`[object Object]`) instead of failing.
 */
export const trimLitHtmlPlugin: Plugin = {
  name: 'trim-lit-html',
  setup(build) {
    build.onResolve({ filter: /^lit(-html)?\/(directives\/|directive\.js|async-directive|directive-helpers)/ }, ({ path, importer }) => ({
      errors: [{ text: `${importer}: the embed's trimmed lit-html has no directives (${path}); write it without one` }],
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]lit-html[\\/]lit-html\.js$/ }, async ({ path }) => ({
      contents: trimLitHtml(await readFile(path, 'utf8')), loader: 'js',
    }));
  },
};
