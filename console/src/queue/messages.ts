import type { CheckIn, CheckInHistory } from '../../../schema/check-ins.ts';
import type { Tables } from '../i18n.ts';

type Outcome = { confirmed: number; rejected: number; returned: number; waiting: number; elsewhere: number; failed: number };
type Entry = CheckInHistory['data'][number];
/** The words of a reason form: rejecting, or returning for changes. */
type ReasonWords = { open: string; label: string; hint: string; missing: string; presets: string[]; submit: string; batch: string; batchLabel: (n: number) => string };

export const queueMessages: Tables<{
  title: string; searchLabel: string; searchPlaceholder: string;
  searchHint: string; refresh: string; loading: string; empty: string; noMatch: string; loadMore: string; loadingMore: string;
  loaded: (n: number) => string; verified: string; unverified: string; nameMismatch: string; roster: (name: string) => string;
  branch: string; homeUnit: string; city: string; category: string; submitted: string; mobile: string;
  categories: Record<CheckIn['category'], string>; needsRelease: string; accepted: string; released: string;
  confirm: string; working: string; reject: ReasonWords; return: ReasonWords;
  cancel: string; select: (ref: string) => string; selectAll: string; selected: (n: number) => string;
  batchConfirm: string; progress: (done: number, total: number) => string;
  history: string; historyLoading: string; historyEmpty: string; historyEntry: (e: Entry) => string; byKey: string;
  confirmed: (ref: string) => string; rejected: (ref: string) => string; returned: (ref: string) => string; waiting: (ref: string) => string;
  elsewhere: (ref: string) => string; gone: (ref: string) => string; forbidden: string; batchDone: (o: Outcome) => string;
  network: string; failed: (m: string) => string;
}> = {
  'zh-CN': {
    title: '待确认的报到',
    searchLabel: '搜索待确认的报到',
    searchPlaceholder: '编号 GK-…、手机号或姓名',
    searchHint: '按报到编号、完整手机号或姓名开头（至少 2 个字）查找所有待确认的报到。',
    refresh: '刷新',
    loading: '正在加载待确认的报到…',
    empty: '没有待确认的报到。',
    noMatch: '没有匹配的待确认报到。',
    loadMore: '加载更多',
    loadingMore: '正在加载…',
    loaded: (n) => `已加载 ${n} 条待确认的报到`,
    verified: '已验证手机',
    unverified: '未验证手机',
    nameMismatch: '与花名册姓名不一致',
    roster: (name) => `花名册：${name}`,
    branch: '报到党支部',
    homeUnit: '家乡党组织',
    city: '现居城市',
    category: '类别',
    submitted: '提交时间',
    mobile: '手机号',
    categories: { worker: '务工', business_owner: '经商', employee: '就业', student: '学习', other: '其他' },
    needsRelease: '未验证手机，且会转移花名册上的党员：需接收方和原所在方都确认。',
    accepted: '接收方已同意',
    released: '原所在方已同意',
    confirm: '确认',
    working: '正在处理…',
    reject: {
      open: '驳回', label: '驳回理由', hint: '1–200 字，报到人查询进度时可以看到。', missing: '请填写驳回理由（1–200 字）。',
      presets: ['不是本党支部的流动党员', '重复报到', '无法核实党员身份'], submit: '确认驳回',
      batch: '批量驳回（同一理由）', batchLabel: (n) => `驳回所选 ${n} 项的理由`,
    },
    return: {
      open: '退回修改', label: '请报到人修改什么', hint: '1–200 字，报到人查询进度时可以看到，修改后重新报到。',
      missing: '请写明需要修改的内容（1–200 字）。',
      presets: ['请填写现居城市的区（县）', '请核对家乡所在村（社区）', '请填写工作单位'], submit: '确认退回',
      batch: '批量退回修改（同一说明）', batchLabel: (n) => `退回所选 ${n} 项：需要修改的内容`,
    },
    cancel: '取消',
    select: (ref) => `选择 ${ref}`,
    selectAll: '全选',
    selected: (n) => `已选 ${n} 项`,
    batchConfirm: '批量确认',
    progress: (done, total) => `正在处理 ${done}/${total}…`,
    history: '处理记录',
    historyLoading: '正在加载处理记录…',
    historyEmpty: '尚无处理记录。',
    historyEntry: (e) => ({
      confirm: e.completed ? '确认' : e.sides === 'releasing' ? '原所在方同意' : '接收方同意',
      reject: `驳回：${e.reason ?? ''}`, return: `退回修改：${e.reason ?? ''}`, handover: '组织关系转接',
    })[e.action],
    byKey: '接口密钥',
    confirmed: (ref) => `已确认 ${ref}。`,
    rejected: (ref) => `已驳回 ${ref}。`,
    returned: (ref) => `已退回 ${ref}，待报到人修改后重新报到。`,
    waiting: (ref) => `已记录本方同意 ${ref}，待另一方确认。`,
    elsewhere: (ref) => `${ref} 已由他人处理，已从列表移除。`,
    gone: (ref) => `${ref} 已不存在或不在您的范围内，已从列表移除。`,
    forbidden: '您当前的身份不能处理这条报到。',
    batchDone: (o) => [
      o.confirmed && `已确认 ${o.confirmed} 项`, o.rejected && `已驳回 ${o.rejected} 项`, o.returned && `已退回 ${o.returned} 项`, o.waiting && `${o.waiting} 项待另一方确认`,
      o.elsewhere && `${o.elsewhere} 项已由他人处理`, o.failed && `${o.failed} 项未能处理（见各项说明）`,
    ].filter(Boolean).join('；') + '。',
    network: '网络连接不稳定，请检查网络后重试。',
    failed: (m) => `操作失败：${m}`,
  },
  en: {
    title: 'Check-ins waiting for a decision',
    searchLabel: 'Search pending check-ins',
    searchPlaceholder: 'Reference GK-…, mobile or name',
    searchHint: 'Finds every pending check-in by reference, whole mobile number, or the start of the name (2 characters or more).',
    refresh: 'Refresh',
    loading: 'Loading pending check-ins…',
    empty: 'Nothing is waiting for a decision.',
    noMatch: 'No pending check-in matches.',
    loadMore: 'Load more',
    loadingMore: 'Loading…',
    loaded: (n) => `${n} pending check-ins loaded`,
    verified: 'Mobile verified',
    unverified: 'Mobile not verified',
    nameMismatch: 'Name differs from the roster',
    roster: (name) => `Roster: ${name}`,
    branch: 'Branch',
    homeUnit: 'Home unit',
    city: 'Current city',
    category: 'Category',
    submitted: 'Sent',
    mobile: 'Mobile',
    categories: { worker: 'Worker', business_owner: 'Business owner', employee: 'Employee', student: 'Student', other: 'Other' },
    needsRelease: 'Unverified, and would move a member on the roster: both the receiving side and the side that has the member must confirm.',
    accepted: 'Receiving side agreed',
    released: 'Current side agreed',
    confirm: 'Confirm',
    working: 'Working…',
    reject: {
      open: 'Reject', label: 'Reason for rejecting', hint: '1–200 characters; the member sees it when looking up the check-in.',
      missing: 'Give a reason (1–200 characters).',
      presets: ['Not a mobile member of this branch', 'Duplicate check-in', 'Party membership cannot be verified'], submit: 'Reject',
      batch: 'Reject selected (one reason)', batchLabel: (n) => `Reason for rejecting the ${n} selected`,
    },
    return: {
      open: 'Return for changes', label: 'What the member should correct',
      hint: '1–200 characters; the member sees it when looking up the check-in, and checks in again.',
      missing: 'Say what to correct (1–200 characters).',
      presets: ['Give the district of your current city', 'Check your home village', 'Give your employer'], submit: 'Return',
      batch: 'Return selected for changes (one note)', batchLabel: (n) => `What the ${n} selected should correct`,
    },
    cancel: 'Cancel',
    select: (ref) => `Select ${ref}`,
    selectAll: 'Select all',
    selected: (n) => `${n} selected`,
    batchConfirm: 'Confirm selected',
    progress: (done, total) => `Working ${done}/${total}…`,
    history: 'History',
    historyLoading: 'Loading the history…',
    historyEmpty: 'No decisions yet.',
    historyEntry: (e) => ({
      confirm: e.completed ? 'Confirmed' : e.sides === 'releasing' ? 'Current side agreed' : 'Receiving side agreed',
      reject: `Rejected: ${e.reason ?? ''}`, return: `Returned for changes: ${e.reason ?? ''}`, handover: 'Handed over between branches',
    })[e.action],
    byKey: 'API key',
    confirmed: (ref) => `Confirmed ${ref}.`,
    rejected: (ref) => `Rejected ${ref}.`,
    returned: (ref) => `Returned ${ref}; the member corrects it and checks in again.`,
    waiting: (ref) => `Your side agreed to ${ref}; it waits for the other side.`,
    elsewhere: (ref) => `${ref} was already decided by someone else and left the list.`,
    gone: (ref) => `${ref} no longer exists or is outside your scope, and left the list.`,
    forbidden: 'Your current role cannot decide this check-in.',
    batchDone: (o) => [
      o.confirmed && `${o.confirmed} confirmed`, o.rejected && `${o.rejected} rejected`, o.returned && `${o.returned} returned`, o.waiting && `${o.waiting} wait for the other side`,
      o.elsewhere && `${o.elsewhere} already decided by someone else`, o.failed && `${o.failed} not decided (see each)`,
    ].filter(Boolean).join('; ') + '.',
    network: 'The connection is unreliable. Check it and try again.',
    failed: (m) => `That did not work: ${m}`,
  },
};
