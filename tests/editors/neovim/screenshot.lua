-- Init file for tests/editors/neovim-screenshot.sh: the plugin as a user sets it up, then (on a
-- timer) the hover over `asyncio.gather`, then a marker file so the script takes the picture.
local plugin_dir, marker = os.getenv('CT_PLUGIN_DIR'), os.getenv('CT_MARKER')
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
vim.o.termguicolors = true
vim.o.number = true
vim.o.swapfile = false
vim.o.laststatus = 2
vim.o.winborder = 'rounded'
vim.diagnostic.config({ virtual_text = true })

require('concurrency_tutor').setup({})

local function find(needle)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return lnum, col - 1
    end
  end
end

vim.defer_fn(function()
  local lnum, col = find('asyncio.gather')
  vim.api.nvim_win_set_cursor(0, { lnum, col + #'asyncio.' })
  vim.lsp.buf.hover({ max_width = 78, max_height = 14, anchor_bias = 'below' })
  vim.defer_fn(function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        vim.wo[win].linebreak = true -- wrap at words, as a user's config often does
      end
    end
    vim.cmd('redraw')
  end, 700)
  vim.defer_fn(function()
    vim.fn.writefile({ 'ready' }, marker)
  end, 1500)
end, 3000)
