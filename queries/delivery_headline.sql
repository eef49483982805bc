-- The Delivery page's headline, one row, over the milestones in $milestone_ids (those the filters leave):
-- commitments due and met on time, overdue, at risk, and the mean slip of the milestones done.
with

milestones as (select * from milestone_status where list_contains($milestone_ids, milestone_id)),

final as (
    select
        count(*) filter (where is_due) as due_to_date,
        count(*) filter (where is_due and state = 'done_on_time') as met_on_time,
        count(*) filter (where is_due and state = 'done_on_time')
            / nullif(count(*) filter (where is_due), 0) as on_time_rate,
        count(*) filter (where state = 'overdue') as milestones_overdue,
        count(*) filter (where state = 'at_risk') as milestones_at_risk,
        avg(slip_days) filter (where is_done) as mean_slip_days
    from milestones
)

select * from final
