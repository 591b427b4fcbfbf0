import type { KeyScope, ServiceCategory } from '../../../schema/tables.ts';
import type { Tables } from '../i18n.ts';

type Kind = 'publishable' | 'secret';

export const keysMessages: Tables<{
  title: string; intro: string; createTitle: string; kind: string; kinds: Record<Kind, string>; kindHints: Record<Kind, string>;
  label: string; labelHint: string; origins: string; originsHint: string; originsAdded: string; origin: string; addOrigin: string;
  removeOrigin: (o: string) => string; noOrigins: string; role: string; rolePlaceholder: string; node: string; nodeHint: string;
  scopes: string; permissions: string; scopesHint: string; scopeNames: Record<KeyScope, string>; category: string; categoryNone: string;
  categories: Record<ServiceCategory, string>; create: string; creating: string; fixFields: string;
  invalid: { label: string; origin: string; originTwice: string; origins: string; role: string; node: string; scopes: string };
  tokenTitle: (label: string) => string; tokenRotated: (label: string) => string; token: string; copy: string; copied: string;
  copyFailed: string; once: string; done: string;
  listTitle: string; showRevoked: string; none: string; revoked: string; created: string; lastUsed: string; never: string;
  scopeAll: string; wholeTenant: string; rotate: string; revoke: string;
  confirmRotate: (label: string) => string; confirmRevoke: (label: string) => string; rotateWhy: string; revokeWhy: string;
  revokedNow: (label: string) => string; working: string;
}> = {
  'zh-CN': {
    title: '密钥与合作方',
    intro: '网页组件使用公开密钥（只能从登记的网址调用）；服务器和合作单位使用私密密钥（按身份和所属组织限定范围）。',
    createTitle: '新建密钥', kind: '密钥类型',
    kinds: { publishable: '公开密钥（网页）', secret: '私密密钥（服务器）' },
    kindHints: { publishable: '只能查询公开信息、提交报到和服务需求。', secret: '具有所选身份的权限，切勿放在网页中。' },
    label: '名称', labelHint: '便于识别的名称，如"常州党委办公室"（1–100 字）。',
    origins: '允许的网址', originsAdded: '已添加的网址', originsHint: '如 https://portal.example.org 或 http://localhost:8080，小写，不含路径。',
    origin: '网址', addOrigin: '添加网址', removeOrigin: (o) => `移除 ${o}`, noOrigins: '尚未添加网址。',
    role: '身份', rolePlaceholder: '请选择身份', node: '所属组织编号', nodeHint: '该身份管理的镇、村、党委、支部、服务站或合作单位的编号。',
    scopes: '限定权限（可选）', permissions: '权限', scopesHint: '不勾选则具有该身份的全部权限。',
    scopeNames: {
      read_only: '只读', 'members:read': '查看党员', 'members:write': '修改党员', 'keys:manage': '管理密钥', 'audit:read': '查看审计日志',
      'stations:write': '修改服务站', 'service_requests:read': '查看服务需求', 'service_requests:write': '处理服务需求',
    },
    category: '服务需求类别（合作单位）', categoryNone: '不读取服务需求',
    categories: {
      training: '技能培训', policy: '政策解读', livelihood: '民生服务', employment: '就业', social_insurance: '社保',
      legal: '法律维权', credit: '金融授信', hardship: '困难救助',
    },
    create: '生成密钥', creating: '正在生成…', fixFields: '请更正标出的内容。',
    invalid: {
      label: '请填写名称（1–100 字）。', origin: '网址格式不对：如 https://portal.example.org（小写，不含路径）。',
      originTwice: '该网址已在列表中。', origins: '公开密钥至少需要一个网址。', role: '请选择身份。',
      node: '请填写该身份所属组织的正确编号。', scopes: '所选权限超出了该身份的权限。',
    },
    tokenTitle: (l) => `密钥"${l}"已生成`, tokenRotated: (l) => `密钥"${l}"已轮换`, token: '密钥',
    copy: '复制密钥', copied: '已复制到剪贴板。', copyFailed: '无法自动复制，请手动选中复制。',
    once: '密钥只显示这一次，关闭后无法再查看。请立即复制并妥善保存；丢失后只能轮换。', done: '我已保存，关闭',
    listTitle: '密钥列表', showRevoked: '显示已吊销的密钥', none: '暂无密钥。', revoked: '已吊销', created: '创建于',
    lastUsed: '最近使用', never: '从未使用', scopeAll: '该身份的全部权限', wholeTenant: '全县',
    rotate: '轮换', revoke: '吊销',
    confirmRotate: (l) => `轮换密钥"${l}"？`, confirmRevoke: (l) => `吊销密钥"${l}"？`,
    rotateWhy: '将生成新密钥，旧密钥立即失效。使用旧密钥的网页或服务器需要换成新密钥。',
    revokeWhy: '密钥立即失效，且无法恢复。', revokedNow: (l) => `密钥"${l}"已吊销。`, working: '正在处理…',
  },
  en: {
    title: 'Keys & partners',
    intro: 'Widgets on web pages use publishable keys (only from the addresses listed); servers and partners use secret keys (limited by role and node).',
    createTitle: 'New key', kind: 'Kind of key',
    kinds: { publishable: 'Publishable (web pages)', secret: 'Secret (servers)' },
    kindHints: { publishable: 'Public reads, check-ins and requests for help only.', secret: 'Everything the role may do: never put it in a web page.' },
    label: 'Name', labelHint: 'Something to recognise it by, e.g. "Changzhou committee office" (1–100 characters).',
    origins: 'Allowed origins', originsAdded: 'Origins added', originsHint: 'Like https://portal.example.org or http://localhost:8080: lower case, no path.',
    origin: 'Origin', addOrigin: 'Add origin', removeOrigin: (o) => `Remove ${o}`, noOrigins: 'No origins yet.',
    role: 'Role', rolePlaceholder: 'Choose a role', node: 'Node id', nodeHint: 'The town, village, committee, branch, station or partner the role is for.',
    scopes: 'Narrower permissions (optional)', permissions: 'Permissions', scopesHint: 'None ticked: everything the role may do.',
    scopeNames: {
      read_only: 'Read only', 'members:read': 'Read members', 'members:write': 'Change members', 'keys:manage': 'Manage keys',
      'audit:read': 'Read the audit log', 'stations:write': 'Change stations', 'service_requests:read': 'Read service requests',
      'service_requests:write': 'Handle service requests',
    },
    category: 'Service category (partners)', categoryNone: 'Reads no service requests',
    categories: {
      training: 'Skills training', policy: 'Policy advice', livelihood: 'Daily-life services', employment: 'Jobs',
      social_insurance: 'Social insurance', legal: 'Legal help', credit: 'Credit referral', hardship: 'Hardship support',
    },
    create: 'Create key', creating: 'Creating…', fixFields: 'Please correct the marked fields.',
    invalid: {
      label: 'Give it a name (1–100 characters).', origin: 'Not an origin: like https://portal.example.org (lower case, no path).',
      originTwice: 'That origin is already listed.', origins: 'A publishable key needs at least one origin.', role: 'Choose a role.',
      node: 'Enter the id of a node of that role.', scopes: 'Those permissions go beyond the role.',
    },
    tokenTitle: (l) => `Key "${l}" created`, tokenRotated: (l) => `Key "${l}" rotated`, token: 'Key',
    copy: 'Copy key', copied: 'Copied to the clipboard.', copyFailed: 'Could not copy: select it and copy it by hand.',
    once: 'The key is shown this once: it cannot be seen again after you close this. Copy it now and keep it safe; if lost, rotate it.',
    done: 'I have saved it: close',
    listTitle: 'Keys', showRevoked: 'Show revoked keys', none: 'No keys yet.', revoked: 'Revoked', created: 'Created',
    lastUsed: 'Last used', never: 'Never used', scopeAll: 'All of the role\u2019s permissions', wholeTenant: 'Whole county',
    rotate: 'Rotate', revoke: 'Revoke',
    confirmRotate: (l) => `Rotate the key "${l}"?`, confirmRevoke: (l) => `Revoke the key "${l}"?`,
    rotateWhy: 'A new key is made and the old one stops working at once. Pages or servers using it need the new one.',
    revokeWhy: 'The key stops working at once, for good.', revokedNow: (l) => `The key "${l}" is revoked.`, working: 'Working…',
  },
};

export const partnersMessages: Tables<{
  title: string; intro: string; none: string; consented: (n: number, capped: boolean) => string;
  withdrawn: (n: number, capped: boolean) => string; show: string; hide: string; consentsOf: (name: string) => string;
  member: string; granted: string; version: string; status: string; active: string; withdrawnAt: (at: string) => string;
  noConsents: string;
}> = {
  'zh-CN': {
    title: '合作单位', intro: '党员可以同意向合作单位（如商会）共享本人信息，也可以随时撤回。',
    none: '暂无合作单位。',
    consented: (n, c) => `${n}${c ? '+' : ''} 人同意`, withdrawn: (n, c) => `${n}${c ? '+' : ''} 人已撤回`,
    show: '查看同意记录', hide: '收起同意记录', consentsOf: (n) => `${n}的同意记录`,
    member: '党员', granted: '同意时间', version: '同意书版本', status: '状态', active: '有效',
    withdrawnAt: (at) => `已于 ${at} 撤回`, noConsents: '暂无同意记录。',
  },
  en: {
    title: 'Partners', intro: 'Members may agree to share their details with a partner (such as a chamber of commerce), and withdraw at any time.',
    none: 'No partners yet.',
    consented: (n, c) => `${n}${c ? '+' : ''} consented`, withdrawn: (n, c) => `${n}${c ? '+' : ''} withdrew`,
    show: 'Show consents', hide: 'Hide consents', consentsOf: (n) => `Consents given to ${n}`,
    member: 'Member', granted: 'Given', version: 'Consent version', status: 'Status', active: 'In force',
    withdrawnAt: (at) => `Withdrawn ${at}`, noConsents: 'No consents yet.',
  },
};
