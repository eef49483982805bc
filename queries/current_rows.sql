-- The current rows of one sheet: for each scope-key value, the rows of the
-- latest upload that touched it and has not been reverted (SPEC section 3).
-- Rendered once per sheet from realize/schema.py: {data_table}, {scope_table}
-- and {scope_key} are identifiers from the schema, never user text.
with

live_uploads as (select upload_id from live_uploads),

latest_upload_per_scope as (
    select
        scopes.scope_value,
        max(scopes.upload_id) as upload_id
    from {scope_table} as scopes
    semi join live_uploads using (upload_id)
    group by scopes.scope_value
),

final as (
    select rows.*
    from {data_table} as rows
    join latest_upload_per_scope as latest
        on rows.{scope_key} = latest.scope_value
        and rows.upload_id = latest.upload_id
)

select * from final
