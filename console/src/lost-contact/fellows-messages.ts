import type { ContactAttempt } from '../../../schema/lost-contact.ts';
import type { Tables } from '../i18n.ts';

export const fellowsMessages: Tables<{
  open: string; title: (name: string) => string; intro: (name: string, cities: string) => string; noCity: string; none: string;
  list: (name: string) => string; lastCheckIn: (date: string) => string; call: (name: string) => string;
  asked: string; askedPlaceholder: string; outcome: string; outcomePlaceholder: string; missing: string; hint: string;
  note: string; save: string; outcomes: Record<ContactAttempt['outcome'], string>; citySep: string;
}> = {
  'zh-CN': {
    open: '找老乡帮忙',
    title: (name) => `请老乡帮忙找${name}`,
    intro: (name, cities) => `同村、现居${cities}、一年内报到过（手机号已验证）的党员，可以请他们帮忙打听${name}的近况。`,
    noCity: '不详',
    none: '没有找到同村同城、一年内报到过的党员。',
    list: (name) => `可以帮忙找${name}的老乡`,
    lastCheckIn: (date) => `最近报到 ${date}`,
    call: (name) => `拨打${name}的电话`,
    asked: '问了哪位老乡',
    askedPlaceholder: '请选择',
    outcome: '结果',
    outcomePlaceholder: '请选择',
    missing: '请选择问了哪位老乡和结果。',
    hint: '老乡知道其下落、转告了近况，选“他人转告”即结案。',
    note: '备注（选填）',
    save: '保存记录',
    outcomes: { reached: '已联系上', relayed: '他人转告', no_answer: '无人接听', wrong_number: '号码错误', refused: '拒绝联系' },
    citySep: '、',
  },
  en: {
    open: 'Ask fellow members',
    title: (name) => `Ask fellow members to help find ${name}`,
    intro: (name, cities) => `Members from the same village living in ${cities} who checked in within a year (mobile verified): ask them if they know how ${name} is.`,
    noCity: 'an unknown city',
    none: 'No members from the same village in the same city checked in within a year.',
    list: (name) => `Fellow members who may help find ${name}`,
    lastCheckIn: (date) => `last check-in ${date}`,
    call: (name) => `Call ${name}`,
    asked: 'Fellow member asked',
    askedPlaceholder: 'Choose…',
    outcome: 'Outcome',
    outcomePlaceholder: 'Choose…',
    missing: 'Choose whom you asked and the outcome.',
    hint: 'If they knew where the member is and passed on news, “Relayed by others” closes the case.',
    note: 'Note (optional)',
    save: 'Save',
    outcomes: { reached: 'Reached', relayed: 'Relayed by others', no_answer: 'No answer', wrong_number: 'Wrong number', refused: 'Refused' },
    citySep: ' or ',
  },
};
