// What the 手写签名 pad exports and says, apart from the component so pages and tests can read it.

/** the exported image: the server takes 200×80 to 2000×1000; 5:2 like the board */
export const EXPORT = { width: 800, height: 320 };
/** how far (in the pad's px) the pen must travel before the pad counts as signed: a tap is not a signature */
export const MIN_STROKE = 40;
export const BLANK = '请先在框内手写签名';
export const EXPORT_FAILED = '签名保存失败，请重试';
