// 首页 (个人中心): the launch page for everyone. An unbound caller is sent to binding; a student sees their status
// at a glance and what waits for them; reviewers and employers are sent to their own home tab.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { HomeView } from '../../../typings/views';
import { refreshHome } from '../../utils/session';
import { homeOf, openTab, selectTab } from '../../utils/tabs';
import {
  cellDestination,
  profileOf,
  staffNotice,
  statusCells,
  todoDestination,
  type CellKey,
  type Destination,
  type Origin,
  type Profile,
  type StatusCell,
} from './shown';
import { reloadMethods } from '../../utils/reload';
import { accountEntries } from '../../utils/account-entries';

const HERE = 'pages/index/index';

/** loading: nothing known yet (skeleton); failed: the first load failed (error + 重试); unbound: on the way to binding */
type Phase = 'loading' | 'failed' | 'unbound' | 'student' | 'staff';

interface TodoRow {
  kind: string;
  text: string;
  id: string;
}

function go(to: Destination): void {
  if (to.how === 'switchTab') wx.switchTab({ url: to.url });
  else wx.navigateTo({ url: to.url });
}

/**
 * Who started the returned agreement: the summary says, as the to-do is about the student's current agreement (the
 * server draws both from it). Undefined when it cannot be told from the home view (the tap then opens its detail):
 * the launch page loads with its one call.
 */
function returnedOrigin(view: HomeView): Origin | undefined {
  const id = view.todos.find((t) => t.kind === 'agreementReturned')?.id;
  const summary = view.student?.agreement;
  return id && summary?.id === id ? summary.origin : undefined;
}

Component({
  data: {
    phase: 'loading' as Phase,
    busy: false,
    error: '',
    profile: null as Profile | null,
    cells: [] as StatusCell[],
    todos: [] as TodoRow[],
    notice: '',
    /** the student's view as loaded, for where taps lead */
    home: null as HomeView | null,
    /** who started the returned agreement of a to-do, if any */
    origin: '' as Origin | '',
    skeletonRows: [{ width: '40%', height: '48rpx' }, { width: '70%' }, 1, 1, 1] as unknown[],
  },

  methods: {
    onShow() {
      return this.load();
    },

    ...reloadMethods,
    ...accountEntries,

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await refreshHome();
        if (!answer.ok) {
          // what was shown stays; only a page with nothing yet turns into the error state
          this.setData({ error: answer.message, phase: this.data.phase === 'loading' || this.data.phase === 'failed' ? 'failed' : this.data.phase });
          return;
        }
        this.show(answer.data);
      } finally {
        this.setData({ busy: false });
      }
    },

    show(view: HomeView) {
      selectTab(this, view.role, HERE);
      if (!view.role) {
        this.setData({ phase: 'unbound' });
        wx.redirectTo({ url: '/pages/bind/index' });
        return;
      }
      if (view.role !== 'student' || !view.student) {
        this.setData({ phase: 'staff', notice: staffNotice(view) });
        const home = homeOf(view.role);
        if (home && home !== HERE) openTab(`/${home}`);
        return;
      }
      const origin = returnedOrigin(view);
      this.setData({
        phase: 'student',
        home: view,
        origin: origin ?? '',
        profile: profileOf(view.student),
        cells: statusCells(view.student),
        todos: view.todos.map((t) => ({ kind: t.kind, text: t.text, id: t.id ?? '' })),
      });
    },

    onCell(e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { key: CellKey }>) {
      const student = this.data.home?.student;
      if (!student) return;
      go(cellDestination(e.currentTarget.dataset.key, student));
    },

    onTodo(e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { index: number }>) {
      const todo = this.data.home?.todos[Number(e.currentTarget.dataset.index)];
      if (todo) go(todoDestination(todo, this.data.origin || undefined));
    },

  },
});
