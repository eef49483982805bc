-- One row per review action or decision (SPEC section 4, Actions). Its
-- initiative is the one it names, else that of the KPI or benefit it answers.
with

parameters as (select * from measure_parameters),

actions as (select * from current_actions),

initiatives as (select * from current_initiatives),

kpis as (select * from current_kpis),

benefits as (select * from current_benefits),

linked as (
    select
        actions.*,
        coalesce(actions.initiative_id, kpis.initiative_id, benefits.initiative_id) as resolved_initiative_id,
        kpis.name as kpi_name,
        benefits.name as benefit_name,
        parameters.as_of
    from actions
    cross join parameters
    left join kpis on kpis.kpi_id = actions.kpi_id
    left join benefits on benefits.benefit_id = actions.benefit_id
),

final as (
    select
        linked.action_id,
        linked.title,
        linked.owner,
        linked.resolved_initiative_id as initiative_id,
        initiatives.name as initiative_name,
        initiatives.portfolio,
        initiatives.owner as initiative_owner,
        linked.kpi_id,
        linked.kpi_name,
        linked.benefit_id,
        linked.benefit_name,
        linked.raised_on,
        linked.due_date,
        linked.status,
        linked.closed_on,
        linked.outcome,
        linked.status = 'open' and linked.due_date < linked.as_of as overdue,
        case
            when linked.status = 'open' and linked.due_date < linked.as_of
                then datediff('day', linked.due_date, linked.as_of)
        end as days_overdue,
        -- a dropped action was a decision not to do it: it is not owed
        linked.status <> 'dropped' and linked.due_date <= linked.as_of as is_due,
        coalesce(linked.status = 'done' and linked.closed_on <= linked.due_date, false) as done_on_time
    from linked
    left join initiatives on initiatives.initiative_id = linked.resolved_initiative_id
)

select * from final
