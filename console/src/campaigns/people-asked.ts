/** Which people a count of the funnel stands for: a node, a stage and a channel. */
export type PeopleAsked = {
  nodeId: string; nodeName: string;
  stage: 'sent' | 'delivered' | 'failed' | 'opened' | 'reported' | 'confirmed' | 'not_reported';
  channel: 'all' | 'print' | 'sms';
};
