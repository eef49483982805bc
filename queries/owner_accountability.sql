-- One row per person: what they own (initiatives, benefits, milestones, KPIs,
-- actions) and how it stands. A milestone without an owner of its own is its
-- initiative owner's.
with

initiatives as (select * from initiative_summary),

benefits as (select * from benefit_realization),

milestones as (select * from milestone_status),

kpis as (select * from scorecard),

actions as (select * from action_status),

initiative_counts as (
    select
        owner,
        count(*) as initiatives,
        count(*) filter (
            where 'red' in (realization_status, cost_status, delivery_status)
        ) as initiatives_with_red
    from initiatives
    group by owner
),

benefit_counts as (
    select
        owner,
        count(*) as benefits,
        sum(planned_value_to_date) filter (where not disbenefit) as planned_value_to_date,
        sum(realized_value_to_date) filter (where not disbenefit) as realized_value_to_date,
        coalesce(sum(unmeasured_periods), 0)::bigint as unmeasured_periods
    from benefits
    group by owner
),

milestone_counts as (
    select
        coalesce(owner, initiative_owner) as owner,
        count(*) as milestones,
        count(*) filter (where state = 'overdue') as milestones_overdue,
        count(*) filter (where state = 'at_risk') as milestones_at_risk
    from milestones
    where coalesce(owner, initiative_owner) is not null
    group by all
),

kpi_counts as (
    select
        owner,
        count(*) as kpis,
        count(*) filter (where status = 'red') as kpis_red,
        count(*) filter (where stale) as kpis_stale,
        count(*) filter (where unmanaged) as kpis_unmanaged,
        count(*) filter (where not card_complete) as kpi_cards_incomplete
    from kpis
    group by owner
),

action_counts as (
    select
        owner,
        count(*) as actions,
        count(*) filter (where status = 'open') as actions_open,
        count(*) filter (where overdue) as actions_overdue,
        count(*) filter (where is_due) as actions_due,
        count(*) filter (where is_due and done_on_time) as actions_done_on_time
    from actions
    group by owner
),

owners as (
    select owner from initiative_counts
    union
    select owner from benefit_counts
    union
    select owner from milestone_counts
    union
    select owner from kpi_counts
    union
    select owner from action_counts
),

final as (
    select
        owners.owner,
        coalesce(initiative_counts.initiatives, 0) as initiatives,
        coalesce(initiative_counts.initiatives_with_red, 0) as initiatives_with_red,
        coalesce(benefit_counts.benefits, 0) as benefits,
        coalesce(benefit_counts.planned_value_to_date, 0) as planned_value_to_date,
        coalesce(benefit_counts.realized_value_to_date, 0) as realized_value_to_date,
        benefit_counts.realized_value_to_date / nullif(benefit_counts.planned_value_to_date, 0)
            as realization_rate,
        coalesce(benefit_counts.unmeasured_periods, 0) as unmeasured_periods,
        coalesce(milestone_counts.milestones, 0) as milestones,
        coalesce(milestone_counts.milestones_overdue, 0) as milestones_overdue,
        coalesce(milestone_counts.milestones_at_risk, 0) as milestones_at_risk,
        coalesce(kpi_counts.kpis, 0) as kpis,
        coalesce(kpi_counts.kpis_red, 0) as kpis_red,
        coalesce(kpi_counts.kpis_stale, 0) as kpis_stale,
        coalesce(kpi_counts.kpis_unmanaged, 0) as kpis_unmanaged,
        coalesce(kpi_counts.kpi_cards_incomplete, 0) as kpi_cards_incomplete,
        coalesce(action_counts.actions, 0) as actions,
        coalesce(action_counts.actions_open, 0) as actions_open,
        coalesce(action_counts.actions_overdue, 0) as actions_overdue,
        action_counts.actions_done_on_time / nullif(action_counts.actions_due, 0) as follow_through_rate
    from owners
    left join initiative_counts using (owner)
    left join benefit_counts using (owner)
    left join milestone_counts using (owner)
    left join kpi_counts using (owner)
    left join action_counts using (owner)
    where owners.owner is not null
)

select * from final
