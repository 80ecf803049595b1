/** 毕业去向登记: one record per student, keyed by 学号. */
export const destinationId = (studentNo: string): string => `destination:${studentNo}`;
