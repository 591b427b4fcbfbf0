import type { Tables } from '../i18n.ts';

/** Every field the screen's forms have, named as the API names them. */
export type OrgField =
  | 'nameZh' | 'nameEn' | 'committeeId' | 'cityId' | 'addressZh' | 'addressEn' | 'lat' | 'lng'
  | 'meetingPlaceZh' | 'meetingPlaceEn' | 'meetingTimesZh' | 'meetingTimesEn' | 'officePhone' | 'contactUserId';

export const organisationMessages: Tables<{
  title: string; intro: string; home: string; host: string; pickNode: string; labels: Record<OrgField, string>;
  hints: Partial<Record<OrgField, string>>; invalid: Record<OrgField, string>; noCommittee: string; pickCity: string; noContact: string;
  editBranch: string; editCommittee: string; editTown: string; editVillage: string;
  newBranch: (committee: string) => string; newBranchTop: string; newCommittee: string; newTown: string; newVillage: (town: string) => string;
  addBranch: string; addCommittee: string; addTown: string; addVillage: string; create: string; creating: string;
  saved: (name: string) => string; created: (name: string) => string; unchanged: string; fixFields: string; forbidden: string;
  conflict: string; gone: string; meeting: string; place: string; position: string; positionHint: string; committeeOnly: string;
}> = {
  'zh-CN': {
    title: '组织架构',
    intro: '查看并修改本级及下级党组织的名称、地址和活动安排；保存后，支部查询等公开页面立即显示新内容。',
    home: '户籍地党组织（镇 → 村）',
    host: '流入地党组织（党委 → 支部）',
    pickNode: '请在左侧（手机上为上方）选择要修改的组织。',
    labels: {
      nameZh: '中文名称', nameEn: '英文名称', committeeId: '所属流动党员党委', cityId: '所在城市',
      addressZh: '中文地址', addressEn: '英文地址', lat: '纬度', lng: '经度',
      meetingPlaceZh: '活动地点（中文）', meetingPlaceEn: '活动地点（英文）', meetingTimesZh: '活动时间（中文）', meetingTimesEn: '活动时间（英文）',
      officePhone: '办公电话', contactUserId: '流动党员联系人',
    },
    hints: {
      nameZh: '1–100 字', nameEn: '1–100 个字符', officePhone: '办公室的公开电话，不填个人手机号；留空则不显示',
      meetingPlaceZh: '最多 200 字；留空则不显示', meetingTimesZh: '如：每月第一个周六上午',
      contactUserId: '本村及所属镇的工作人员；本村流动党员的失联跟进交由此人',
    },
    invalid: {
      nameZh: '请填写名称（1–100 字）。', nameEn: '请填写英文名称（1–100 个字符）。', committeeId: '请选择流动党员党委。', cityId: '请选择城市。',
      addressZh: '请填写地址（1–200 字）。', addressEn: '请填写英文地址（1–200 个字符）。', lat: '纬度应为 -90 到 90 之间的数字。', lng: '经度应为 -180 到 180 之间的数字。',
      meetingPlaceZh: '最多 200 字。', meetingPlaceEn: '最多 200 个字符。', meetingTimesZh: '最多 200 字。', meetingTimesEn: '最多 200 个字符。',
      officePhone: '请填写办公电话：5–20 位，只含数字、空格和 + - ( )。',
      contactUserId: '请从列表中选择联系人。',
    },
    noCommittee: '不属于任何党委',
    pickCity: '请选择城市',
    noContact: '不指定联系人',
    editBranch: '修改流动党支部', editCommittee: '修改流动党员党委', editTown: '修改镇（街道）', editVillage: '修改村（社区）',
    newBranch: (committee) => `在“${committee}”下新建流动党支部`, newBranchTop: '新建流动党支部',
    newCommittee: '新建流动党员党委', newTown: '新建镇（街道）', newVillage: (town) => `在“${town}”下新建村（社区）`,
    addBranch: '新建下属支部', addCommittee: '新建党委', addTown: '新建镇（街道）', addVillage: '新建下属村（社区）',
    create: '新建', creating: '正在新建…',
    saved: (name) => `已保存“${name}”的修改。`, created: (name) => `已新建“${name}”。`, unchanged: '没有需要保存的修改。',
    fixFields: '请更正标出的内容。',
    forbidden: '您当前的身份不能修改这个组织（或不能修改其中某一项）。',
    conflict: '保存未成功：内容与现有记录冲突，可能已被他人修改。已重新读取最新内容，请核对后再保存。',
    gone: '找不到这个组织：可能已被删除，或不在您的管理范围内。',
    meeting: '组织生活', place: '地址与位置', position: '位置（用于“附近的支部”）',
    positionHint: '十进制度数，如 31.78、119.95',
    committeeOnly: '只有县委组织部可以把支部移到另一个党委。',
  },
  en: {
    title: 'Organisation',
    intro: 'See and change the names, addresses and meeting arrangements of your units and those under them. '
      + 'Once saved, the branch finder and other public pages show the change at once.',
    home: 'Home organisation (towns → villages)',
    host: 'Host organisation (committees → branches)',
    pickNode: 'Pick a unit on the left (above, on a phone) to change it.',
    labels: {
      nameZh: 'Name (Chinese)', nameEn: 'Name (English)', committeeId: 'Mobile members\u2019 committee', cityId: 'City',
      addressZh: 'Address (Chinese)', addressEn: 'Address (English)', lat: 'Latitude', lng: 'Longitude',
      meetingPlaceZh: 'Meeting place (Chinese)', meetingPlaceEn: 'Meeting place (English)',
      meetingTimesZh: 'Meeting times (Chinese)', meetingTimesEn: 'Meeting times (English)', officePhone: 'Office phone',
      contactUserId: 'Contact person for mobile members',
    },
    hints: {
      nameZh: '1–100 characters', nameEn: '1–100 characters',
      officePhone: 'The office\u2019s public number, never a personal mobile; leave empty to show none',
      meetingPlaceZh: 'Up to 200 characters; leave empty to show none', meetingTimesZh: 'For example: first Saturday of the month, mornings',
      contactUserId: 'Staff of the village or its town; they follow up the village\u2019s members who lose contact',
    },
    invalid: {
      nameZh: 'Enter the name (1–100 characters).', nameEn: 'Enter the English name (1–100 characters).',
      committeeId: 'Pick a committee.', cityId: 'Pick a city.',
      addressZh: 'Enter the address (1–200 characters).', addressEn: 'Enter the English address (1–200 characters).',
      lat: 'Latitude is a number from -90 to 90.', lng: 'Longitude is a number from -180 to 180.',
      meetingPlaceZh: 'At most 200 characters.', meetingPlaceEn: 'At most 200 characters.',
      meetingTimesZh: 'At most 200 characters.', meetingTimesEn: 'At most 200 characters.',
      officePhone: 'Enter an office phone: 5–20 of digits, spaces and + - ( ).',
      contactUserId: 'Pick the contact person from the list.',
    },
    noCommittee: 'No committee',
    pickCity: 'Pick a city',
    noContact: 'No contact person',
    editBranch: 'Change a branch', editCommittee: 'Change a committee', editTown: 'Change a town', editVillage: 'Change a village',
    newBranch: (committee) => `New branch under ${committee}`, newBranchTop: 'New branch',
    newCommittee: 'New committee', newTown: 'New town', newVillage: (town) => `New village under ${town}`,
    addBranch: 'Add a branch', addCommittee: 'Add a committee', addTown: 'Add a town', addVillage: 'Add a village',
    create: 'Add', creating: 'Adding…',
    saved: (name) => `Saved the changes to ${name}.`, created: (name) => `Added ${name}.`, unchanged: 'Nothing has changed.',
    fixFields: 'Please correct the fields marked.',
    forbidden: 'Your current role cannot change this unit (or one of these fields).',
    conflict: 'Not saved: this conflicts with the current record, which someone may have changed. '
      + 'The latest values are loaded again: check them and save again.',
    gone: 'This unit cannot be found: it may have been removed, or it is outside your part of the organisation.',
    meeting: 'Meetings', place: 'Address and position', position: 'Position (for “branches near me”)',
    positionHint: 'Decimal degrees, such as 31.78, 119.95',
    committeeOnly: 'Only the county organisation department moves a branch to another committee.',
  },
};
