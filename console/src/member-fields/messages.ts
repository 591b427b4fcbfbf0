import type { StaffMember } from '../../../schema/members.ts';
import type { Tables } from '../i18n.ts';

type Distance = NonNullable<StaffMember['moveDistance']>;

export const memberFieldsMessages: Tables<{
  moveDistance: string; distances: Record<Distance, string>; notRecorded: string; activityCard: string; holds: string; holdsNot: string;
  whose: (name: string) => string; editLabel: string; holdsLabel: string; saved: (name: string) => string;
}> = {
  'zh-CN': {
    moveDistance: '流动范围',
    distances: { same_city: '市内流动', same_province: '省内跨市', other_province: '跨省流动' },
    notRecorded: '未登记',
    activityCard: '活动证',
    holds: '已持有流动党员活动证',
    holdsNot: '未持有',
    whose: (name) => `（${name}）`,
    editLabel: '修改流动信息',
    holdsLabel: '持有流动党员活动证',
    saved: (name) => `已保存${name}的流动范围和活动证。`,
  },
  en: {
    moveDistance: 'Moved',
    distances: { same_city: 'Within the city', same_province: 'Another city in the province', other_province: 'Another province' },
    notRecorded: 'Not recorded',
    activityCard: 'Activity card',
    holds: 'Holds the mobile member\u2019s activity card',
    holdsNot: 'Does not hold one',
    whose: (name) => ` (${name})`,
    editLabel: 'Change move details',
    holdsLabel: 'Holds the mobile member\u2019s activity card',
    saved: (name) => `Saved how far ${name} moved and the activity card.`,
  },
};
