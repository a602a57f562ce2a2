"""Prepares a Tryton database for the middleware (run by tools/tryton/setup.sh).

Idempotent: every step looks for what it would create first. Uses proteus directly on the
database (no server needed): company, fiscal year with its sequences, the minimal chart of
accounts, default accounts, a payment term, a warehouse per location code, the products the
tests and `npm start` use, and a non-inventory service product for non-stock lines.

Environment: TRYTON_CONFIG (trytond config file), TRYTON_DATABASE, TRYTON_LOCATIONS
(comma-separated warehouse codes), TRYTON_PRODUCTS (how many catalogue products, default 60).
"""
import datetime
import os
import sys
from decimal import Decimal

from proteus import Model, Wizard, config as pconfig

CONFIG = os.environ['TRYTON_CONFIG']
DATABASE = os.environ.get('TRYTON_DATABASE', 'tryton')
LOCATIONS = [c for c in os.environ.get('TRYTON_LOCATIONS', 'WH-MAIN').split(',') if c]
PRODUCTS = int(os.environ.get('TRYTON_PRODUCTS', '60'))
NON_INVENTORY = 'NON-INVENTORY'


def say(message):
    print(f'[tryton] {message}', flush=True)


def one(model, domain):
    found = Model.get(model).find(domain, limit=1)
    return found[0] if found else None


def currency():
    Currency = Model.get('currency.currency')
    eur = one('currency.currency', [('code', '=', 'EUR')])
    if not eur:
        eur = Currency(name='Euro', code='EUR', symbol='€', rounding=Decimal('0.01'), digits=2)
        eur.save()
        say('currency EUR created')
    for code, name in (('USD', 'US Dollar'), ('GBP', 'Pound Sterling')):
        if not one('currency.currency', [('code', '=', code)]):
            Currency(name=name, code=code, symbol=code, rounding=Decimal('0.01'), digits=2).save()
    return eur


def company(eur):
    # As trytond's own scenario tools do (importing them would put trytond in test mode).
    Company = Model.get('company.company')
    if not Company.find([]):
        Party = Model.get('party.party')
        party = Party(name='Retail Middleware Co')
        party.save()
        wizard = Wizard('company.company.config')
        wizard.execute('company')
        wizard.form.party = party
        wizard.form.currency = eur
        wizard.execute('add')
        say('company created')
    User = Model.get('res.user')
    pconfig.get_config()._context = User.get_preferences(True, {})
    company, = Company.find([])
    return company


def get_accounts(company):
    Account = Model.get('account.account')
    found = {}
    for kind in ('receivable', 'payable', 'revenue', 'expense'):
        rows = Account.find([(f'type.{kind}', '=', True), ('company', '=', company.id)], limit=1)
        if rows:
            found[kind] = rows[0]
    return found


def create_chart(company):
    AccountTemplate = Model.get('account.account.template')
    ModelData = Model.get('ir.model.data')
    data, = ModelData.find([('module', '=', 'account'), ('fs_id', '=', 'account_template_root_en')], limit=1)
    wizard = Wizard('account.create_chart')
    wizard.execute('account')
    wizard.form.account_template = AccountTemplate(data.db_id)
    wizard.form.company = company
    wizard.execute('create_account')
    found = get_accounts(company)
    wizard.form.account_receivable = found['receivable']
    wizard.form.account_payable = found['payable']
    wizard.execute('create_properties')


def create_fiscalyear(company, year):
    FiscalYear = Model.get('account.fiscalyear')
    Sequence = Model.get('ir.sequence')
    SequenceStrict = Model.get('ir.sequence.strict')
    SequenceType = Model.get('ir.sequence.type')
    fiscalyear = FiscalYear(name=str(year), company=company)
    fiscalyear.start_date = datetime.date(year, 1, 1)
    fiscalyear.end_date = datetime.date(year, 12, 31)
    move_type, = SequenceType.find([('name', '=', 'Account Move')], limit=1)
    post_move = Sequence(name=str(year), sequence_type=move_type, company=company)
    post_move.save()
    fiscalyear.post_move_sequence = post_move
    invoice_type, = SequenceType.find([('name', '=', 'Invoice')], limit=1)
    invoice = SequenceStrict(name=str(year), sequence_type=invoice_type, company=company)
    invoice.save()
    sequences, = fiscalyear.invoice_sequences
    sequences.out_invoice_sequence = invoice
    sequences.in_invoice_sequence = invoice
    sequences.out_credit_note_sequence = invoice
    sequences.in_credit_note_sequence = invoice
    fiscalyear.save()
    fiscalyear.click('create_period')


def accounts(company):
    if not get_accounts(company):
        create_chart(company)
        say('chart of accounts created')
    found = get_accounts(company)
    config = Model.get('account.configuration')(1)
    if not config.default_account_receivable:
        config.default_account_receivable = found['receivable']
        config.default_account_payable = found['payable']
        config.save()
    today = datetime.date.today()
    for year in (today.year - 1, today.year, today.year + 1):
        if not one('account.fiscalyear', [('name', '=', str(year))]):
            create_fiscalyear(company, year)
            say(f'fiscal year {year} created')
    return found


def payment_term():
    Term = Model.get('account.invoice.payment_term')
    if not Term.find([]):
        term = Term(name='Direct')
        term.lines.new(type='remainder')
        term.save()


def sale_configuration():
    config = Model.get('sale.configuration')(1)
    # Sales stay confirmed (cancellable) until Tryton's worker processes them a day later.
    config.sale_process_after = datetime.timedelta(days=1)
    config.save()


def warehouses():
    Location = Model.get('stock.location')
    template = one('stock.location', [('type', '=', 'warehouse'), ('code', '=', 'WH')])
    for code in LOCATIONS:
        if one('stock.location', [('type', '=', 'warehouse'), ('code', '=', code)]):
            continue
        def child(name, kind):
            location = Location(name=f'{code} {name}', type=kind)
            location.save()
            return location
        storage = child('Storage', 'storage')
        warehouse = Location(
            name=code, code=code, type='warehouse',
            input_location=child('Input', 'storage'),
            output_location=child('Output', 'storage'),
            storage_location=storage,
            picking_location=storage)
        warehouse.save()
        for sub in (warehouse.input_location, warehouse.output_location, storage):
            sub.parent = warehouse
            sub.save()
        say(f'warehouse {code} created')
    return template


def products(found):
    Uom = Model.get('product.uom')
    Template = Model.get('product.template')
    Category = Model.get('product.category')
    unit, = Uom.find([('name', '=', 'Unit')])
    category = one('product.category', [('name', '=', 'Retail')])
    if not category:
        category = Category(name='Retail', accounting=True)
        category.account_revenue = found['revenue']
        category.account_expense = found['expense']
        category.save()
    wanted = [(f'TRY-SKU-{n:03d}', f'Tryton product {n:03d}', 'goods', Decimal(10 + n))
              for n in range(1, PRODUCTS + 1)]
    wanted.append((NON_INVENTORY, 'Non-inventory item', 'service', Decimal(0)))
    stale = Template.find([('code', '=', None), ('name', 'in', [w[1] for w in wanted])])
    if stale:
        Template.delete(stale)  # left by an interrupted run: products are keyed by code
    existing = {p.code for p in Model.get('product.product').find(
        [('code', 'in', [w[0] for w in wanted])])}
    created = 0
    for code, name, kind, price in wanted:
        if code in existing:
            continue
        template = Template(name=name, type=kind, default_uom=unit, list_price=price,
                            salable=True, account_category=category, code=code)
        template.sale_uom = unit
        template.save()
        created += 1
    say(f'products: {created} created, {len(existing)} already there')


def main():
    pconfig.set_trytond(DATABASE, config_file=CONFIG)
    eur = currency()
    comp = company(eur)
    found = accounts(comp)
    payment_term()
    sale_configuration()
    warehouses()
    products(found)
    say('database ready')


if __name__ == '__main__':
    sys.exit(main())
