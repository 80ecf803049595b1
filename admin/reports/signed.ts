/** 签约明细: every signed agreement with each field the employment office files. */
import { EDUCATION_LEVELS } from '../../typings';
import { industryName, natureName } from '../../typings/codes';
import { verificationCode } from '../../server/domain/document';
import type { AgreementDoc } from '../../server/domain/types';
import { regionText } from '../../server/print/fields';
import { beijingTime } from '../format';
import { pages } from '../paging';
import type { Cell, Column, Report } from './report';

const SIGNED = [{ field: 'state', op: '==' as const, value: 'signed' }];

const text = (s: string | undefined): string => s?.trim() ?? '';

export const SIGNED_COLUMNS: [Column, (a: AgreementDoc) => Cell][] = [
  [{ header: '协议编号', width: 20 }, (a) => a.agreementNo],
  [{ header: '学号', width: 14 }, (a) => a.content.student.studentNo],
  [{ header: '姓名', width: 10 }, (a) => a.content.student.name],
  [{ header: '性别', width: 6 }, (a) => a.content.student.gender],
  [{ header: '学院', width: 16 }, (a) => a.content.student.collegeName],
  [{ header: '专业', width: 18 }, (a) => a.content.student.major],
  [{ header: '学历', width: 10 }, (a) => EDUCATION_LEVELS[a.content.student.educationLevel] ?? a.content.student.educationLevel],
  [{ header: '毕业年份', width: 10 }, (a) => a.content.student.graduationYear],
  [{ header: '学生联系电话', width: 14 }, (a) => text(a.content.student.phone)],
  [{ header: '单位名称', width: 28 }, (a) => a.content.employer.name],
  [{ header: '统一社会信用代码', width: 22 }, (a) => a.content.employer.uscc],
  [{ header: '单位性质', width: 14 }, (a) => natureName(a.content.employer.nature) ?? a.content.employer.nature],
  [{ header: '行业', width: 22 }, (a) => industryName(a.content.employer.industry) ?? a.content.employer.industry],
  [{ header: '单位所在地', width: 20 }, (a) => regionText(a.content.employer.region)],
  [{ header: '单位地址', width: 30 }, (a) => a.content.employer.address],
  [{ header: '单位联系人', width: 10 }, (a) => a.content.employer.contactName],
  [{ header: '单位联系电话', width: 14 }, (a) => a.content.employer.contactPhone],
  [{ header: '岗位', width: 16 }, (a) => a.content.job.title],
  [{ header: '工作地点', width: 20 }, (a) => regionText(a.content.job.region)],
  [{ header: '月薪（元）', width: 10 }, (a) => a.content.job.monthlySalary],
  [{ header: '合同期限（年）', width: 12 }, (a) => a.content.job.contractYears],
  [{ header: '报到日期', width: 12 }, (a) => a.content.job.startDate],
  [{ header: '档案', width: 8 }, (a) => (a.content.file.transfer ? '转递' : '不转递')],
  [{ header: '档案接收单位', width: 24 }, (a) => text(a.content.file.receiver)],
  [{ header: '档案接收地址', width: 30 }, (a) => text(a.content.file.address)],
  [{ header: '档案邮编', width: 8 }, (a) => text(a.content.file.postcode)],
  [{ header: '户口', width: 8 }, (a) => (a.content.hukou.migrate ? '迁移' : '不迁移')],
  [{ header: '户口迁移地址', width: 30 }, (a) => text(a.content.hukou.address)],
  [{ header: '备注', width: 30 }, (a) => text(a.content.remarks)],
  [{ header: '签约方式', width: 10 }, (a) => (a.origin === 'offer' ? '单位邀约' : '学生发起')],
  [{ header: '签约时间', width: 17 }, (a) => (a.signedAt ? beijingTime(a.signedAt) : '')],
  [{ header: '协议校验码', width: 20 }, (a) => (a.agreementNo ? verificationCode(a) : '')],
];

export const signedReport: Report = {
  name: 'signed',
  sheet: '签约明细',
  summary: '已签约的三方协议，就业信息报送所需的全部字段',
  columns: SIGNED_COLUMNS.map(([c]) => c),
  total: ({ store }) => store.count('agreements', SIGNED),
  async *rows({ store, year }, read) {
    for await (const page of pages(store, 'agreements', { where: SIGNED })) {
      read(page.length);
      yield page
        .filter((a) => year === undefined || a.content.student.graduationYear === year)
        .map((a) => SIGNED_COLUMNS.map(([, cell]) => cell(a)));
    }
  },
};
