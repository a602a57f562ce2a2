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
    from trytond.modules.company.tests.tools import create_company, get_company
    if not Model.get('company.company').find([]):
        Party = Model.get('party.party')
        party = Party(name='Retail Middleware Co')
        party.save()
        create_company(party=party, currency=eur)
        say('company created')
    User = Model.get('res.user')
    pconfig.get_config()._context = User.get_preferences(True, {})
    return get_company()


def accounts(company):
    from trytond.modules.account.tests.tools import create_chart, create_fiscalyear, get_accounts
    from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences
    if not Model.get('account.account').find([('type', '!=', None)], limit=1):
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
        if one('account.fiscalyear', [('name', '=', str(year))]):
            continue
        fiscalyear = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=datetime.date(year, 6, 1)))
        fiscalyear.click('create_period')
        say(f'fiscal year {year} created')
    return found


def payment_term():
    from trytond.modules.account_invoice.tests.tools import create_payment_term
    term = one('account.invoice.payment_term', [])
    if not term:
        term = create_payment_term()
        term.save()
    return term


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
    existing = {p.code for p in Model.get('product.product').find(
        [('code', 'in', [w[0] for w in wanted])])}
    created = 0
    for code, name, kind, price in wanted:
        if code in existing:
            continue
        template = Template(name=name, type=kind, default_uom=unit, list_price=price,
                            salable=True, account_category=category)
        template.sale_uom = unit
        product, = template.products
        product.code = code
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
