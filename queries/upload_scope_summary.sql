-- Per ledger entry and sheet: how many scope-key values it touched, and the first few.
with

scopes as (select * from upload_scopes),

final as (
    select
        upload_id,
        sheet,
        count(*) as scope_count,
        list(scope_value order by scope_value)[1:5] as first_scopes
    from scopes
    group by upload_id, sheet
)

select * from final
