--- `:checkhealth concurrency_tutor`: is the server found, which version is it, is it running.
local M = {}

function M.check()
  local health = vim.health
  local tutor = require('concurrency_tutor')

  health.start('Neovim')
  if vim.fn.has('nvim-0.10') == 1 then
    local v = vim.version()
    health.ok(('Neovim %d.%d.%d'):format(v.major, v.minor, v.patch))
  else
    health.error('Neovim 0.10 or later is required (inlay hints, vim.lsp.start)')
  end

  health.start('concurrency-tutor binary')
  local version, where = tutor.server_version(tutor.options)
  if version then
    health.ok(('found `%s`: %s'):format(where, version))
  else
    health.error(('language server not found: %s'):format(where), { tutor.install_hint })
  end

  health.start('Set-up')
  if not tutor.options then
    health.warn('`require("concurrency_tutor").setup{}` has not been called', {
      'Add `require("concurrency_tutor").setup{}` to your init.lua',
    })
    return
  end
  health.info(('filetypes: %s; inlay hints: %s'):format(
    table.concat(tutor.options.filetypes, ', '),
    tutor.options.inlay_hints and 'on' or 'off'
  ))
  health.info('settings: ' .. vim.inspect(tutor.options.settings, { newline = ' ', indent = '' }))
  local clients = tutor.clients()
  if #clients == 0 then
    health.info('no server running (open a Python or Rust file to start one)')
  end
  for _, client in ipairs(clients) do
    local info = client.server_info or {}
    health.ok(('server running: client %d, %s %s, root %s'):format(
      client.id,
      info.name or '?',
      info.version or '?',
      client.root_dir or '(none)'
    ))
  end
end

return M
