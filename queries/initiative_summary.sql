-- One row per initiative: benefits, costs, value, delivery, KPIs, actions and
-- status colours (SPEC section 4). The status colours are decided here only.
with

parameters as (select * from measure_parameters),

initiatives as (select * from current_initiatives),

benefit_sums as (
    select
        initiative_id,
        count(*) as benefits,
        count(*) filter (where disbenefit) as disbenefits,
        coalesce(sum(unmeasured_periods), 0)::bigint as unmeasured_periods,
        coalesce(sum(planned_value_to_date), 0) as planned_value_to_date,
        coalesce(sum(realized_value_to_date), 0) as realized_value_to_date,
        coalesce(sum(planned_value_total), 0) as planned_value_total,
        -- the realization rate leaves dis-benefits out: they are not promised value. The gross sums it
        -- divides are columns too, so a page shows the rate beside the very money it was computed over.
        coalesce(sum(planned_value_to_date) filter (where not disbenefit), 0) as benefit_planned_value_to_date,
        coalesce(sum(realized_value_to_date) filter (where not disbenefit), 0) as benefit_realized_value_to_date,
        coalesce(sum(realized_value_to_date) filter (where disbenefit), 0) as disbenefit_value_to_date,
        sum(realized_value_to_date) filter (where not disbenefit)
            / nullif(sum(planned_value_to_date) filter (where not disbenefit), 0) as realization_rate
    from benefit_realization
    group by initiative_id
),

cost_sums as (
    select
        initiative_id,
        sum(planned) as planned,
        sum(planned_to_date) as planned_to_date,
        sum(actual_to_date) as actual_to_date,
        sum(tco_planned) as tco_planned,
        sum(tco_forecast) as tco_forecast,
        any_value(run_cost_share) as run_cost_share,
        any_value(exit_cost_missing) as exit_cost_missing
    from tco
    group by initiative_id
),

cash_flow as (select * from initiative_cash_flow),

value_sums as (
    select
        initiative_id,
        sum(benefit_planned) as benefit_planned,
        sum(cost_planned) as cost_planned,
        sum(benefit_forecast) as benefit_forecast,
        sum(cost_forecast) as cost_forecast,
        sum(cf_planned * discount_factor) as npv_planned,
        sum(cf_forecast * discount_factor) as npv_forecast
    from cash_flow
    group by initiative_id
),

paybacks as (
    select
        cash_flow.initiative_id,
        -- payback counts only once the cumulative cash flow has gone negative
        min(cash_flow.period) filter (
            where round(cash_flow.cumulative_cf_planned, 6) >= 0
            and cash_flow.period > first_negative.planned
        ) as payback_month_planned,
        min(cash_flow.period) filter (
            where round(cash_flow.cumulative_cf_forecast, 6) >= 0
            and cash_flow.period > first_negative.forecast
        ) as payback_month_forecast
    from cash_flow
    join (
        select
            initiative_id,
            min(period) filter (where round(cumulative_cf_planned, 6) < 0) as planned,
            min(period) filter (where round(cumulative_cf_forecast, 6) < 0) as forecast
        from cash_flow
        group by initiative_id
    ) as first_negative using (initiative_id)
    group by cash_flow.initiative_id
),

delivery as (
    select
        initiative_id,
        count(*) as milestones,
        count(*) filter (where is_done) as milestones_done,
        count(*) filter (where is_due) as due_to_date,
        count(*) filter (where is_due and state = 'done_on_time') as met_on_time,
        count(*) filter (where state = 'overdue') as milestones_overdue,
        count(*) filter (where state = 'at_risk') as milestones_at_risk,
        avg(slip_days) filter (where is_done) as mean_slip_days
    from milestone_status
    group by initiative_id
),

kpi_counts as (
    select
        initiative_id,
        count(*) as kpis,
        count(*) filter (where status = 'green') as kpis_green,
        count(*) filter (where status = 'amber') as kpis_amber,
        count(*) filter (where status = 'red') as kpis_red,
        count(*) filter (where stale) as kpis_stale,
        count(*) filter (where unmanaged) as kpis_unmanaged
    from scorecard
    where initiative_id is not null
    group by initiative_id
),

action_counts as (
    select
        initiative_id,
        count(*) filter (where status = 'open') as actions_open,
        count(*) filter (where overdue) as actions_overdue,
        count(*) filter (where is_due) as actions_due,
        count(*) filter (where is_due and done_on_time) as actions_done_on_time
    from action_status
    where initiative_id is not null
    group by initiative_id
),

combined as (
    select
        initiatives.initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        initiatives.owner,
        initiatives.owner as initiative_owner,
        initiatives.sponsor,
        initiatives.objective,
        initiatives.status,
        initiatives.start_date,
        initiatives.end_date,
        initiatives.budget,
        coalesce(benefit_sums.benefits, 0) as benefits,
        coalesce(benefit_sums.disbenefits, 0) as disbenefits,
        coalesce(benefit_sums.unmeasured_periods, 0) as unmeasured_periods,
        coalesce(benefit_sums.planned_value_to_date, 0) as planned_value_to_date,
        coalesce(benefit_sums.realized_value_to_date, 0) as realized_value_to_date,
        coalesce(benefit_sums.planned_value_total, 0) as planned_value_total,
        coalesce(benefit_sums.benefit_planned_value_to_date, 0) as benefit_planned_value_to_date,
        coalesce(benefit_sums.benefit_realized_value_to_date, 0) as benefit_realized_value_to_date,
        coalesce(benefit_sums.disbenefit_value_to_date, 0) as disbenefit_value_to_date,
        benefit_sums.realization_rate,
        coalesce(cost_sums.planned, 0) as planned,
        coalesce(cost_sums.planned_to_date, 0) as planned_to_date,
        coalesce(cost_sums.actual_to_date, 0) as actual_to_date,
        coalesce(cost_sums.tco_planned, 0) as tco_planned,
        coalesce(cost_sums.tco_forecast, 0) as tco_forecast,
        cost_sums.run_cost_share,
        coalesce(cost_sums.exit_cost_missing, true) as exit_cost_missing,
        value_sums.benefit_planned,
        value_sums.cost_planned,
        value_sums.benefit_forecast,
        value_sums.cost_forecast,
        value_sums.npv_planned,
        value_sums.npv_forecast,
        paybacks.payback_month_planned,
        paybacks.payback_month_forecast,
        coalesce(delivery.milestones, 0) as milestones,
        coalesce(delivery.milestones_done, 0) as milestones_done,
        coalesce(delivery.due_to_date, 0) as due_to_date,
        coalesce(delivery.met_on_time, 0) as met_on_time,
        coalesce(delivery.milestones_overdue, 0) as milestones_overdue,
        coalesce(delivery.milestones_at_risk, 0) as milestones_at_risk,
        delivery.mean_slip_days,
        coalesce(kpi_counts.kpis, 0) as kpis,
        coalesce(kpi_counts.kpis_green, 0) as kpis_green,
        coalesce(kpi_counts.kpis_amber, 0) as kpis_amber,
        coalesce(kpi_counts.kpis_red, 0) as kpis_red,
        coalesce(kpi_counts.kpis_stale, 0) as kpis_stale,
        coalesce(kpi_counts.kpis_unmanaged, 0) as kpis_unmanaged,
        coalesce(action_counts.actions_open, 0) as actions_open,
        coalesce(action_counts.actions_overdue, 0) as actions_overdue,
        coalesce(action_counts.actions_due, 0) as actions_due,
        coalesce(action_counts.actions_done_on_time, 0) as actions_done_on_time
    from initiatives
    left join benefit_sums using (initiative_id)
    left join cost_sums using (initiative_id)
    left join value_sums using (initiative_id)
    left join paybacks using (initiative_id)
    left join delivery using (initiative_id)
    left join kpi_counts using (initiative_id)
    left join action_counts using (initiative_id)
),

rated as (
    select
        combined.*,
        combined.actual_to_date - combined.planned_to_date as cost_variance,
        (combined.actual_to_date - combined.planned_to_date) / nullif(combined.planned_to_date, 0) as variance_rate,
        combined.realized_value_to_date - combined.actual_to_date as net_value_to_date,
        (combined.realized_value_to_date - combined.actual_to_date) / nullif(combined.actual_to_date, 0)
            as roi_to_date,
        (combined.benefit_planned - combined.cost_planned) / nullif(combined.cost_planned, 0) as roi_planned,
        (combined.benefit_forecast - combined.cost_forecast) / nullif(combined.cost_forecast, 0) as roi_forecast,
        combined.met_on_time / nullif(combined.due_to_date, 0) as on_time_rate,
        combined.actions_done_on_time / nullif(combined.actions_due, 0) as follow_through_rate
    from combined
),

final as (
    select
        rated.* exclude (benefit_planned, cost_planned, benefit_forecast, cost_forecast),
        case
            when rated.realization_rate >= parameters.realization_green then 'green'
            when rated.realization_rate >= parameters.realization_amber then 'amber'
            when rated.realization_rate is not null then 'red'
        end as realization_status,
        case
            when rated.variance_rate <= parameters.variance_green then 'green'
            when rated.variance_rate <= parameters.variance_amber then 'amber'
            when rated.variance_rate is not null then 'red'
        end as cost_status,
        case
            when rated.on_time_rate >= parameters.on_time_green then 'green'
            when rated.on_time_rate >= parameters.on_time_amber then 'amber'
            when rated.on_time_rate is not null then 'red'
        end as delivery_status
    from rated
    cross join parameters
)

select * from final
