// For the one-script embed only: lit-html without the features the widgets never use, about a
// fifth of its bytes. The widgets bind text, templates, arrays, attributes, properties (`.`),
// boolean attributes (`?`) and listeners (`@`) in html`` and svg`` templates, and nothing else:
// - no directives (lit/directives/*, custom directive classes): resolveDirective passes values through;
// - no element bindings (`<div ${…}>`, only directives use them) and no bindings in comments;
// - no bindings inside raw-text elements (<script>, <style>, <textarea>, <title>);
// - no mathml`` templates, no `creationScope` or `renderBefore` render options;
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
  ['if(void 0===h)t=M(this,t,i,0),o=', 'if(void 0===h)o='],
  ['r=M(this,e[s+n],i,n),', 'r=e[s+n],'],
  ['if((t=M(this,t,i,0)??A)===E)return;', 'if((t??=A)===E)return;'],
  // Template parsing: no element bindings, no raw-text elements, no bindings in comments.
  ['else t.startsWith(o)&&(d.push({type:6,index:l}),r.removeAttribute(t));if(y.test(r.tagName)){const t=r.textContent.split(o),i=t.length-1;if(i>0){r.textContent=s?s.emptyScript:"";for(let s=0;s<i;s++)r.append(t[s],c()),P.nextNode(),d.push({type:2,index:++l});r.append(t[i],c())}}}else if(8===r.nodeType)if(r.data===n)d.push({type:2,index:l});else{let t=-1;for(;-1!==(t=r.data.indexOf(o,t+1));)d.push({type:7,index:l}),t+=o.length-1}l++',
    '}else 8===r.nodeType&&r.data===n&&d.push({type:2,index:l});l++'],
  ['(y.test(u[2])&&(n=RegExp("</"+u[2],"g")),c=p)', 'c=p'],
  [',y=/^(?:script|style|textarea|title)$/i', ''],
  // No mathml``.
  ['2===i?"<svg>":3===i?"<math>":""', '2===i?"<svg>":""'],
  ['(2===i?"</svg>":3===i?"</math>":"")', '(2===i?"</svg>":"")'],
  ['if(this.el=S.createElement(f,e),P.currentNode=this.el.content,2===i||3===i)', 'if(this.el=S.createElement(f,e),P.currentNode=this.el.content,2===i)'],
  [',T=x(3)', ''],
  [',T as mathml', ''],
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
  // Part kinds (`type`) and disconnectable children (`_$AN`) are for directives only.
  ['constructor(t,i){this._$AV=[],this._$AN=void 0,this._$AD=t', 'constructor(t,i){this._$AV=[],this._$AD=t'],
  ['constructor(t,i,s,e){this.type=2,this._$AH=A,this._$AN=void 0,', 'constructor(t,i,s,e){this._$AH=A,'],
  ['constructor(t,i,s,e,h){this.type=1,this._$AH=A,this._$AN=void 0,', 'constructor(t,i,s,e,h){this._$AH=A,'],
  ['constructor(){super(...arguments),this.type=3}', ''],
  ['constructor(){super(...arguments),this.type=4}', ''],
  ['constructor(t,i,s,e,h){super(t,i,s,e,h),this.type=5}', ''],
  // No ShadyDOM polyfill support, and no private exports for lit-element and the SSR packages.
  ['const j={M:h,P:o,A:n,C:1,L:N,R,D:d,V:M,I:k,H,N:L,U:z,B:I,F:Z},B=t.litHtmlPolyfillSupport;B?.(S,k),', ';'],
  ['export{j as _$LH,', 'export{'],
  // render(): no renderBefore.
  ['const D=(t,i,s)=>{const e=s?.renderBefore??i;let h=e._$litPart$;if(void 0===h){const t=s?.renderBefore??null;e._$litPart$=h=new k(i.insertBefore(c(),t),t,void 0,s??{})}return h._$AI(t),h}',
    'const D=(t,i,s)=>{let h=i._$litPart$;return void 0===h&&(i._$litPart$=h=new k(i.insertBefore(c(),null),null,void 0,s??{})),h._$AI(t),h}'],
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

/** esbuild plugin: lit-html's production module, trimmed. */
export const trimLitHtmlPlugin: Plugin = {
  name: 'trim-lit-html',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]lit-html[\\/]lit-html\.js$/ }, async ({ path }) => ({
      contents: trimLitHtml(await readFile(path, 'utf8')), loader: 'js',
    }));
  },
};
