@{
    Synopsis    = 'Reports the health of every configured pack index.'
    Description = @'
Get-PackIndex loads every configured pack index, as Find-Pack does, and writes one StackPack.PackIndexInfo per index, in priority order: its Url (without credentials), Status (Valid, Malformed, Unresponsive, Empty or Error), PackCount, Message (why), FromCache, CacheAge, FetchedAt and Elapsed. It is the counterpart of StackStorm's /api/v1/packs/index/health.

A broken index is reported here as data, never as an error, so scripts can check `Where-Object Status -ne 'Valid'`. When a source fails but a cached copy exists, Status still shows the failure, and PackCount, FromCache and CacheAge describe the copy that Find-Pack and Install-Pack would use.
'@
    Parameters  = @{
        IndexUrl   = 'The indexes to check instead of the configured ones, highest priority first: http(s) URLs, file:// URLs or local paths.'
        Refresh    = 'Fetch every index now, whatever the age of its cached copy, so that Status reflects the source as it is now.'
        TimeoutSec = 'The limit in seconds for each index request. Default 30 (STACKPACK_INDEX_TIMEOUT).'
        ConfigFile = 'The st2.conf whose [content] index_url lists the indexes.'
    }
    Outputs     = 'StackPack.PackIndexInfo, one per index in priority order.'
    Examples    = @(
        @{ Code = 'Get-PackIndex -Refresh'; Remarks = 'Checks every configured index now.' }
        @{ Code = "Get-PackIndex | Where-Object Status -ne 'Valid' | ForEach-Object { Write-Warning ""`$(`$_.Url): `$(`$_.Message)"" }"; Remarks = 'Warns about each index that is not healthy, e.g. in a pipeline health check.' }
    )
}
