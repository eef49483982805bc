-- One row per KPI and month measured, up to the month of as_of, with the KPI's
-- current status: the data of the scorecard's sparklines.
with

parameters as (select * from measure_parameters),

scorecard as (select * from scorecard),

kpi_values as (select * from current_kpi_values),

final as (
    select
        scorecard.kpi_id,
        scorecard.kpi_name,
        scorecard.perspective,
        scorecard.initiative_id,
        scorecard.portfolio,
        scorecard.owner,
        scorecard.initiative_owner,
        scorecard.status,
        scorecard.target,
        scorecard.threshold,
        scorecard.unit,
        kpi_values.period,
        kpi_values.value
    from kpi_values
    join scorecard using (kpi_id)
    cross join parameters
    where kpi_values.period <= parameters.as_of_month
)

select * from final
