/**
 * 协议条款：学校模板文本。
 *
 * This is the school's template text, printed on every agreement under 协议条款. It is data, not code: a school
 * edits the sentences below (keeping the placeholders) to match its own 就业协议书. Placeholders:
 *   {school}  the school's name (settings.schoolName)
 *   {copies}  the number of copies in Chinese numerals (settings.printCopies), e.g. 四
 * An agreement already printed keeps the text it was printed with (its file is stored and reused), so an edit here
 * shows on agreements printed from then on.
 */

export interface ClauseSection {
  heading: string;
  items: readonly string[];
}

export const CLAUSES_NOTE = '以下条款为学校协议书模板文本，由学校就业指导中心制定。';

export const CLAUSES: readonly ClauseSection[] = [
  {
    heading: '一、甲方（用人单位）的权利和义务',
    items: [
      '甲方应如实向乙方介绍本单位的基本情况、岗位职责、工作条件、劳动报酬及乙方关心的其他情况。',
      '甲方同意按本协议约定接收乙方，并在乙方报到后依法与乙方订立劳动合同（或聘用合同），劳动合同的内容不得低于本协议约定的条件。',
      '甲方按本协议约定办理乙方的档案接收、户口迁移等手续；需由乙方自行办理的，应及时告知乙方。',
    ],
  },
  {
    heading: '二、乙方（毕业生）的权利和义务',
    items: [
      '乙方应如实向甲方介绍本人的在校学习情况、身体状况及其他与就业有关的情况，并保证所提供材料真实有效。',
      '乙方应按期取得毕业资格，并在约定的报到日期前到甲方报到；因故不能按时报到的，应事先征得甲方同意。',
      '乙方在签订本协议后，不得再与其他单位签订就业协议。',
    ],
  },
  {
    heading: '三、丙方（学校）的权利和义务',
    items: [
      '丙方如实向甲方推荐乙方，并对本协议进行审核；审核通过后，本协议生效。',
      '丙方按国家和地方有关规定，为乙方办理就业去向登记、档案转递等派遣及就业手续。',
    ],
  },
  {
    heading: '四、违约责任',
    items: [
      '本协议生效后，任何一方不得擅自解除。确需解约的，由提出方与对方协商一致并提交证明材料，经丙方审核同意后解除。',
      '因一方违约给其他方造成损失的，由违约方依法承担相应责任；违约金数额可由甲乙双方在补充条款中约定。',
    ],
  },
  {
    heading: '五、其他',
    items: [
      '乙方未取得毕业资格，或甲方依法撤销、破产的，本协议自动终止。',
      '本协议未尽事宜，由三方协商解决；补充条款与本协议具有同等效力。',
      '本协议一式{copies}份，甲、乙、丙三方各执一份，其余由{school}就业指导中心留存备案，各份具有同等效力。',
    ],
  },
];

/** 备案表's closing line. */
export const FILING_NOTE = '本表一式{copies}份，由{school}就业指导中心及相关部门留存备案。';
