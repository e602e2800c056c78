-- The plugin without a server on PATH: setup() reports false and opening a Python file warns
-- once, saying how to install the server; :checkhealth reports the error.
local plugin_dir, fixture = arg[1], arg[2]
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype on')
vim.o.swapfile = false

local messages = {}
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level })
end

local failed = 0
local function expect(ok, what)
  io.stdout:write((ok and 'ok - [missing] ' or 'FAIL - [missing] ') .. what .. '\n')
  if not ok then
    failed = failed + 1
  end
end

local tutor = require('concurrency_tutor')
expect(tutor.setup({}) == false, 'setup() returns false without a server')
vim.cmd.edit(vim.fn.fnameescape(fixture))
vim.cmd.edit(vim.fn.fnameescape((fixture:gsub('%.py$', '.rs'))))
expect(#messages == 1, 'one warning when a Python file is opened (got ' .. #messages .. ')')
local text = messages[1] and messages[1].msg or ''
expect(text:find('not found', 1, true) and text:find('cargo install', 1, true), 'the warning says how to install: ' .. text)

vim.cmd('silent checkhealth concurrency_tutor')
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
expect(report:find('ERROR', 1, true) and report:find('not on PATH', 1, true), ':checkhealth reports the missing binary')
expect(#vim.lsp.get_clients() == 0, 'no client was started')

io.stdout:write(('%d passed, %d failed\n'):format(5 - failed, failed))
os.exit(failed == 0 and 0 or 1)
