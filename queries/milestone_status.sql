-- One row per milestone: its state at as_of and its slip (SPEC section 4, Delivery).
with

parameters as (select * from measure_parameters),

milestones as (select * from current_milestones),

initiatives as (select * from current_initiatives),

judged as (
    select
        milestones.*,
        -- an actual date after as_of has not happened yet at as_of
        milestones.actual_date is not null and milestones.actual_date <= parameters.as_of as is_done,
        milestones.baseline_date + parameters.tolerance_days as due_with_tolerance,
        parameters.as_of
    from milestones
    cross join parameters
),

stated as (
    select
        judged.*,
        case
            when is_done and actual_date <= due_with_tolerance then 'done_on_time'
            when is_done then 'done_late'
            when as_of > due_with_tolerance then 'overdue'
            when forecast_date > due_with_tolerance then 'at_risk'
            else 'on_track'
        end as state
    from judged
),

expected as (
    select
        stated.*,
        case
            when is_done then actual_date
            when state = 'overdue' then greatest(coalesce(forecast_date, as_of), as_of)
            else coalesce(forecast_date, baseline_date)
        end as expected_date
    from stated
),

final as (
    select
        expected.milestone_id,
        expected.name as milestone_name,
        expected.initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        expected.owner,
        initiatives.owner as initiative_owner,
        expected.baseline_date,
        expected.forecast_date,
        expected.actual_date,
        expected.expected_date,
        expected.state,
        expected.is_done,
        expected.baseline_date <= expected.as_of as is_due,
        datediff('day', expected.baseline_date, expected.expected_date) as slip_days
    from expected
    left join initiatives using (initiative_id)
)

select * from final
