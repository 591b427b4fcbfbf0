// One option of a picker (the finder's city, the form's town, village and category, the
// directory's city and category), selected through the `selected` property, not the attribute:
// once a person has used a select, Gecko shows the option they chose whatever the attributes say,
// so a picker the widget changes (show all, another town, the page's form reset) kept the old choice.
import { html } from 'lit';

export const option = (value: string, label: string, current: string) =>
  html`<option value=${value} .selected=${value === current}>${label}</option>`;
