@{
    Synopsis    = 'Searches the StackStorm pack indexes, like st2 pack search and st2 pack show.'
    Description = @'
Find-Pack reads the pack indexes (the StackStorm Exchange by default) and writes one StackPack.IndexPackInfo per pack. Without arguments it lists every pack, streaming each index's packs as soon as that index (and every index before it) is ready. With a query it searches the name, ref, keywords, description and author (never the repository URL or email), case-insensitively, and ranks the results so that the pack you mean comes first: exact name, then name prefix, name substring, keyword, description, author, and for several words, packs that mention every word. The Match property says why each pack was found.

-Name looks packs up by their index name (wildcards allowed), like st2 pack show; a literal name that no index has writes a PackNotFoundInIndex error.

Indexes come from -IndexUrl, else st2.conf [content] index_url, else https://index.stackstorm.org/v1/index.json. Entries may be http(s) URLs, file:// URLs or local paths (a mirror for air-gapped sites). Several indexes merge left to right: a pack in an earlier index hides the same name in later ones (-Verbose names them), and IndexUrl says where each result came from.

Downloaded indexes are cached under the StackPack home (or <base_path>/stackpack) with their ETag and Last-Modified. Within the freshness window (1 hour; STACKPACK_INDEX_MAX_AGE or st2.conf [stackpack] index_max_age, in seconds) the cache is used without a request; after it, the index is revalidated. When an index cannot be reached, its last good copy is used with a warning that says how old it is. Requests time out after 30 seconds (-TimeoutSec, STACKPACK_INDEX_TIMEOUT) and honour HTTPS_PROXY, HTTP_PROXY and NO_PROXY. One broken index never stops the others; when none can be loaded, Find-Pack stops with NoIndexAvailable.
'@
    Parameters  = @{
        Query      = 'Text to search for in the name, ref, keywords, description and author of every pack, case-insensitively. Empty or omitted lists every pack.'
        Name       = 'Index names to look up exactly (case-insensitive; the ref and display name also match). Wildcards are allowed. Accepts pipeline input, including Get-Pack output, so installed packs can be looked up in the index.'
        Keyword    = 'Only packs that have a keyword matching one of these. Wildcards are allowed; without them a keyword must match whole (case-insensitive).'
        Author     = 'Only packs whose author contains this text (case-insensitive), or matches it when it has wildcards.'
        IndexUrl   = 'The indexes to use instead of the configured ones, highest priority first: http(s) URLs, file:// URLs or local paths. Comma-separated lists are split.'
        Refresh    = 'Fetch every index again now, whatever the age of its cached copy.'
        TimeoutSec = 'The limit in seconds for each index request, headers and body together. Default 30 (STACKPACK_INDEX_TIMEOUT).'
        ConfigFile = 'The st2.conf whose [content] index_url lists the indexes, and whose base path holds the index cache.'
    }
    Outputs     = 'StackPack.IndexPackInfo: Name (the index name Install-Pack resolves), Ref, DisplayName, Version, Versions (newest first), Description, Author, Email, Keywords, RepoUrl, content counts, StackStormVersion, PythonVersions, Dependencies, Contributors, IndexUrl and Match.'
    Notes       = 'Error ids: PackNotFoundInIndex (ObjectNotFound, non-terminating), NoIndexAvailable (terminating). A failing index among several is a warning; Get-PackIndex reports each index''s health.'
    Examples    = @(
        @{ Code = 'Find-Pack monitoring'; Remarks = 'Finds packs about monitoring: packs named so first, then those with the keyword, then those that only mention it.' }
        @{ Code = 'Find-Pack -Name sensu | Format-List Name, Version, Versions, RepoUrl, Actions'; Remarks = 'Shows one pack from the index, like st2 pack show.' }
        @{ Code = 'Find-Pack -Keyword chat* -Author stackstorm'; Remarks = 'Lists the packs by StackStorm that have a keyword starting with "chat".' }
        @{ Code = "Find-Pack -IndexUrl https://mirror.example/index.json, /srv/st2/index.json -Refresh"; Remarks = 'Searches a mirror first and a local index second, fetching both now.' }
    )
}
