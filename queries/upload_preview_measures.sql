-- Per initiative, the measures an upload's preview shows before and after applying it (SPEC section 3).
with

summary as (select * from initiative_summary),

final as (
    select
        initiative_id,
        initiative_name,
        planned_value_to_date,
        realized_value_to_date,
        actual_to_date,
        tco_forecast,
        milestones_done
    from summary
)

select * from final
order by initiative_id
