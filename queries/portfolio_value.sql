-- The portfolio's value, one row, over the initiatives in $initiative_ids
-- (those the page filters leave): the sums of initiative_summary, and NPV and
-- payback of the combined monthly cash flow, t counted from the portfolio's
-- first month.
with

parameters as (select * from measure_parameters),

chosen as (select * from initiative_summary where list_contains($initiative_ids, initiative_id)),

cash_flow as (select * from initiative_cash_flow where list_contains($initiative_ids, initiative_id)),

months as (
    select
        period,
        sum(cf_planned) as cf_planned,
        sum(cf_forecast) as cf_forecast
    from cash_flow
    group by period
),

cumulative as (
    select
        months.period,
        months.cf_planned,
        months.cf_forecast,
        sum(months.cf_planned) over (order by months.period) as cumulative_cf_planned,
        sum(months.cf_forecast) over (order by months.period) as cumulative_cf_forecast,
        pow(1 + parameters.discount_rate, -datediff('month', min(months.period) over (), months.period) / 12.0)
            as discount_factor
    from months
    cross join parameters
),

first_negative as (
    select
        min(period) filter (where round(cumulative_cf_planned, 6) < 0) as planned,
        min(period) filter (where round(cumulative_cf_forecast, 6) < 0) as forecast
    from cumulative
),

value as (
    select
        min(cumulative.period) as first_month,
        sum(cumulative.cf_planned * cumulative.discount_factor) as npv_planned,
        sum(cumulative.cf_forecast * cumulative.discount_factor) as npv_forecast,
        min(cumulative.period) filter (
            where round(cumulative.cumulative_cf_planned, 6) >= 0 and cumulative.period > first_negative.planned
        ) as payback_month_planned,
        min(cumulative.period) filter (
            where round(cumulative.cumulative_cf_forecast, 6) >= 0 and cumulative.period > first_negative.forecast
        ) as payback_month_forecast
    from cumulative
    cross join first_negative
),

sums as (
    select
        count(*) as initiatives,
        coalesce(sum(planned_value_to_date), 0) as planned_value_to_date,
        coalesce(sum(realized_value_to_date), 0) as realized_value_to_date,
        coalesce(sum(benefit_planned_value_to_date), 0) as benefit_planned_value_to_date,
        coalesce(sum(benefit_realized_value_to_date), 0) as benefit_realized_value_to_date,
        coalesce(sum(disbenefit_value_to_date), 0) as disbenefit_value_to_date,
        coalesce(sum(planned_to_date), 0) as planned_to_date,
        coalesce(sum(actual_to_date), 0) as actual_to_date,
        coalesce(sum(tco_planned), 0) as tco_planned,
        coalesce(sum(tco_forecast), 0) as tco_forecast,
        sum(run_cost_share * tco_forecast) / nullif(sum(tco_forecast), 0) as run_cost_share,
        -- each initiative's NPV is discounted from its own first month, the portfolio's from the
        -- portfolio's first month: the page shows both sums so nobody expects them to match
        sum(npv_planned) as initiative_npv_planned_sum,
        sum(npv_forecast) as initiative_npv_forecast_sum,
        -- a sum of counts is a hugeint, which reaches pandas as a float: counts stay whole numbers
        coalesce(sum(due_to_date), 0)::bigint as due_to_date,
        coalesce(sum(met_on_time), 0)::bigint as met_on_time,
        coalesce(sum(milestones_overdue), 0)::bigint as milestones_overdue,
        coalesce(sum(milestones_at_risk), 0)::bigint as milestones_at_risk
    from chosen
),

flows as (
    select
        sum(cf_planned) as net_planned,
        sum(cost_planned) as cost_planned,
        sum(cf_forecast) as net_forecast,
        sum(cost_forecast) as cost_forecast
    from cash_flow
),

final as (
    select
        sums.*,
        -- like an initiative's, the portfolio's realization rate leaves dis-benefits out
        sums.benefit_realized_value_to_date / nullif(sums.benefit_planned_value_to_date, 0) as realization_rate,
        sums.realized_value_to_date - sums.actual_to_date as net_value_to_date,
        (sums.realized_value_to_date - sums.actual_to_date) / nullif(sums.actual_to_date, 0) as roi_to_date,
        flows.net_planned / nullif(flows.cost_planned, 0) as roi_planned,
        flows.net_forecast / nullif(flows.cost_forecast, 0) as roi_forecast,
        sums.met_on_time / nullif(sums.due_to_date, 0) as on_time_rate,
        value.first_month,
        value.npv_planned,
        value.npv_forecast,
        value.payback_month_planned,
        value.payback_month_forecast
    from sums
    cross join flows
    cross join value
)

select * from final
