// Placeholder home page. Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
Component({
  data: {
    title: '网签三方协议',
    description: '毕业生就业协议书在线签约：应约、发起签约、审核进度一处办理。',
    notice: '学生、审核与单位页面即将上线',
  },
});
